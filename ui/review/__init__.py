"""Flag review screens: the queue table, the flag panel and forms, the patient's scores, banners."""
