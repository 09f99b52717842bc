"""Constants of the inventory pages."""

# Sort keys offered on the device search page: key -> ordering (the pk breaks ties for keyset pages).
DEVICE_SORTS = {
    "-created": ("-pk",),
    "created": ("pk",),
    "device_id": ("device_id",),
    "-device_id": ("-device_id",),
    "smi_status": ("smi_status", "pk"),
    "-smi_status": ("-smi_status", "-pk"),
    "device_type": ("device_type", "pk"),
    "-device_type": ("-device_type", "-pk"),
    "postcode": ("postcode", "pk"),
    "-postcode": ("-postcode", "-pk"),
}
PAGE_SIZE = 50
