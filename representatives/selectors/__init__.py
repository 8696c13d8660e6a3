"""Reads of the register, each narrowed to what the viewer may see:

- register: deputies (filters, pinyin-initial search, orderings), a deputy and their timeline,
  mandates, the congresses, terms and groups in reach, `serving_deputies()` for the other apps
- statistics: the composition of the serving deputies (`composition`, the highlighted figures)
"""
