using Collab.Contracts.Access;

namespace Collab.Contracts.Directory;

/// <summary>Directory search and account lookup, over the PostgreSQL read model. Stateless: use key 0.</summary>
public interface IDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Listed practitioners and groups matching the query. Validated, active accounts only; audited.</summary>
    Task<DirectoryPage> Search(DirectoryQuery query, Caller caller);

    /// <summary>The account registered with this email, if any (the first step of a login).</summary>
    Task<Guid?> FindByEmail(string email);

    /// <summary>The account registered with this RPPS/ADELI number, if any (a login with Pro Santé Connect).</summary>
    Task<Guid?> FindByIdentifier(Practitioners.ProfessionalIdentifier identifier);

    /// <summary>Every structure (name, FINESS, city), for the registration form.</summary>
    Task<IReadOnlyList<StructureEntry>> Structures();

    /// <summary>
    /// Every account and group attached to a structure, listed or not, whatever its status (what its administration
    /// page shows). The structure's administrators and the operator; audited.
    /// </summary>
    Task<IReadOnlyList<DirectoryEntry>> StructureEntries(Guid structure, Caller caller);

    /// <summary>Accounts awaiting validation that the caller may validate (their structures; all for the operator).</summary>
    Task<IReadOnlyList<DirectoryEntry>> PendingAccounts(Caller caller);
}
