#!/bin/sh
# Writes a throwaway self-signed certificate for localhost to DIR/cert.pem and its key to DIR/key.pem, for
# tests and local runs only. The key is unencrypted and the certificate expires in two days on purpose.
set -eu

if [ "$#" -ne 1 ]; then
    echo "usage: $0 DIR" >&2
    exit 64
fi
dir=$1
mkdir -p "$dir"

openssl req -x509 -newkey rsa:2048 -nodes -days 2 \
    -subj /CN=localhost \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
chmod 600 "$dir/key.pem"
echo "wrote $dir/cert.pem and $dir/key.pem"
