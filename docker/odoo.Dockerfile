# The official Odoo 18 image with what gold_mes needs beyond it.
FROM odoo:18.0
USER root
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*
USER odoo
