#!/usr/bin/env bash
# Placeholder until its part of the platform lands.
echo "test-load: nothing to do yet"
