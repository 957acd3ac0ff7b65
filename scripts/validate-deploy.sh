#!/usr/bin/env bash
# Placeholder until its part of the platform lands.
echo "validate-deploy: nothing to do yet"
