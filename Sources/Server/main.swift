import Net
print(NetVersion.name)
