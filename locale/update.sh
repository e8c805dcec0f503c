#!/usr/bin/env bash
# Extract the project-level strings (pages, templates, map builders, settings) into
# locale/{zh_Hans,en}/LC_MESSAGES/django.po; apps with their own locale/ folder
# (layers models/admin/api, inspections, routing) keep their own catalogs, and the
# accounts and history apps (issue 6) are left to their owner for now: their tests read
# their messages in English.
# Run from anywhere: locale/update.sh   then translate, then: manage.py compilemessages
set -euo pipefail
cd "$(dirname "$0")/.."
ignore=(.venv var static tests fixtures bench scripts docs inspections routing accounts history)
# In layers/, only the pages' modules belong here; the rest has layers/locale.
for path in layers/*; do
  case "$path" in
    layers/maps|layers/views.py|layers/pages.py|layers/urls.py|layers/templatetags) ;;
    *) ignore+=("$path") ;;
  esac
done
args=()
for path in "${ignore[@]}"; do args+=(--ignore "$path"); done
.venv/bin/python manage.py makemessages -l zh_Hans -l en --no-obsolete --add-location file \
  "${args[@]}"
