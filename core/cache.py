"""Django's database cache with an atomic ``incr``, so rate-limit counters stay exact.

The stock ``DatabaseCache.incr`` reads and writes in two steps: two workers incrementing at once
both read the old count. Here the row is locked (``SELECT ... FOR UPDATE``) for the read and the
write. The database is the one store every process of this site shares, with or without
``DATABASE_URL`` (no Redis or memcached is needed).
"""

from __future__ import annotations

import base64
import pickle
from datetime import datetime

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.utils import timezone


class AtomicDatabaseCache(DatabaseCache):
    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT value, expires FROM {table} WHERE cache_key = %s FOR UPDATE", [key]
            )
            row = cursor.fetchone()
            expires = row[1] if row else None
            if isinstance(expires, datetime) and timezone.is_naive(expires):
                expires = timezone.make_aware(expires, timezone.utc)
            if row is None or expires < timezone.now():
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(base64.b64decode(row[0].encode())) + delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode()
            cursor.execute(f"UPDATE {table} SET value = %s WHERE cache_key = %s", [encoded, key])
        return value
