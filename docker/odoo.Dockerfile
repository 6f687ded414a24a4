# The official Odoo 18 image with what gold_mes needs beyond it: the OCA add-ons it
# depends on (report_xlsx), installed from their PyPI wheels as Odoo add-ons
# (--no-deps, because each wheel requires an `odoo` distribution that PyPI does not
# have; --target, a folder that odoo.conf puts on the addons path), and psql for the
# one-shot set-up service.
FROM odoo:18.0
USER root
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*
COPY requirements-oca.txt /tmp/requirements-oca.txt
RUN pip3 install --no-cache-dir --break-system-packages --no-deps --target /mnt/oca-addons -r /tmp/requirements-oca.txt \
    && rm /tmp/requirements-oca.txt
USER odoo
