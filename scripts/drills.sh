#!/usr/bin/env bash
# Placeholder until its part of the platform lands.
echo "drills: nothing to do yet"
