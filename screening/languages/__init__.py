"""Languages: translations of the instruments and the patient text, as governed data (issue 16).

Design (clinical reference s9): instrument wording in another language comes only from a
published, validated translation, imported from a file with its provenance, checked against
the English master (`questionnaires.translation`: text only, never a linkId, value or rule),
and offered to patients only once an administrator has signed it off and while the master's
wording is unchanged. Unsigned translations and the two generated test languages are
offered in demo mode only. The repository writes no translation of its own.

`rules.language_names` names a language in its own script, gives its direction and maps a PAS
preferred-language name to a tag; `rules.catalogue_status` is the offer rule;
`services.translation_import` imports a file and signs a language off (audited);
`services.catalogue` lists the languages, what patients are offered and an offered language's
text. The tablet reads words through `ui.tablet.wording`.
"""
