#!/usr/bin/env bash
# Placeholder until its part of the platform lands.
echo "test-web: nothing to do yet"
