"""The register's API, one class per action with its Input and Output serializers:

- common: what the modules share: the masked deputy row and its mandates, choice labels, ids in
  reach (`Reachable`), the register's filters
- register: the list (and registering a deputy), the detail and its edit, the audited reveal
- mandates: registering, editing and ending a mandate
- imports: the `.xlsx` import and its template, the masked export
- accounts: login accounts for deputies in bulk
- statistics: the composition statistics and their `.xlsx`
- options: what the forms and filters offer: congresses, terms, dictionaries, deputy groups
- me: the deputy's own record (self-service)
"""
