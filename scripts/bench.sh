#!/usr/bin/env bash
# Placeholder until its part of the platform lands.
echo "bench: nothing to do yet"
