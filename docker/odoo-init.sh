#!/bin/sh
# One-shot set-up of the demo database (docker compose service `odoo-init`).
set -eu
DB=goldmes
state=$(PGPASSWORD=odoo psql -h db -U odoo -d "$DB" -XAtqc \
  "SELECT state FROM ir_module_module WHERE name = 'gold_mes'" 2>/dev/null || true)
if [ "$state" != "installed" ]; then
  echo "Installing gold_mes with its demo data into $DB (first start only)"
  odoo -c /etc/odoo/odoo.conf -d "$DB" -i gold_mes --stop-after-init --load-language=vi_VN
else
  echo "$DB already has gold_mes: reusing it"
fi
python3 /app/tools/demo_setup.py balance-script /state http://scale:8765 http://scale:8766 \
  | odoo shell -c /etc/odoo/odoo.conf -d "$DB" --no-http --log-level=warn
