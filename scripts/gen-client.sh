#!/usr/bin/env bash
# Placeholder until its part of the platform lands.
echo "gen-client: nothing to do yet"
