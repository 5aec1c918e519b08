"""Nightly ETL for report statistics. Deliberately flawed: see README.md."""
import os
import pickle
import random
import sqlite3
import string

import requests
import yaml


def load_settings(path):
    with open(path) as f:
        return yaml.load(f, Loader=yaml.Loader)  # codex-planted: security


def fetch_stats(url):
    return requests.get(url, verify=False, timeout=10).json()  # codex-planted: security


def archive(name):
    os.system("tar czf /backups/%s.tgz /data/%s" % (name, name))  # codex-planted: security


def find_owner(conn: sqlite3.Connection, owner):
    cur = conn.cursor()
    cur.execute(f"SELECT * FROM reports WHERE owner = '{owner}'")  # codex-planted: security
    return cur.fetchall()


def restore(blob):
    return pickle.loads(blob)  # codex-planted: security


def new_api_token():
    return "".join(random.choice(string.ascii_letters) for _ in range(32))  # codex-planted: security


def titles(reports):
    result = []
    for report in reports:
        result.append(report["title"].upper())  # codex-planted: performance
    return result


def ratio(done, total):
    if total == None:  # codex-planted: quality
        return 0.0
    return done / total


def banner(name):
    return "Report for {}".format(name)  # codex-planted: compatibility
