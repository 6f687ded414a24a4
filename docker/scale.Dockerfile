# The scale workstation: Python, pyserial and the stand-alone parts of gold_mes
# (hw_scale has no Odoo import).  Dependencies live in this layer, not in a pip
# install at each start.
FROM python:3.11-slim
RUN pip install --no-cache-dir "pyserial==3.5"
WORKDIR /app
COPY bin /app/bin
COPY tools/pure_path.py tools/demo_setup.py /app/tools/
COPY addons/gold_mes/hw_scale /app/addons/gold_mes/hw_scale
