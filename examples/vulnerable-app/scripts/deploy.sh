#!/bin/bash
# Deploys the app. Deliberately flawed: see README.md.
set -e
curl -fsSL https://get.example.com/install.sh | bash # codex-planted: security
chmod -R 777 /srv/app # codex-planted: security
eval "$POST_DEPLOY_HOOK" # codex-planted: security
