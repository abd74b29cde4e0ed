"""Sites and clinics: the service's reference data, and what a user may choose from.

`services.reference_data` adds sites and clinics and looks their codes up for imports;
`services.reference_list` lists them for administrators; `services.site_choices` is the sites a
user may filter by; `services.overview` the home page's shape of the service.
"""
