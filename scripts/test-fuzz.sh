#!/usr/bin/env bash
# Placeholder until its part of the platform lands.
echo "test-fuzz: nothing to do yet"
