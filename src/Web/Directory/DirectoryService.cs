using Collab.Contracts.Access;
using Collab.Contracts.Directory;

namespace Collab.Web.Directory;

/// <summary>
/// The directory: search (audited, validated accounts only), the structures a form lists, the accounts awaiting
/// validation, a structure's accounts and groups for its administrators, an account by its email.
/// </summary>
public sealed class DirectoryService(IClusterClient cluster)
{
    public Task<DirectoryPage> SearchAsync(DirectoryQuery query, Caller caller) => Directory.Search(query, caller);

    /// <summary>Every structure (the registration form's list).</summary>
    public Task<IReadOnlyList<StructureEntry>> StructuresAsync() => Directory.Structures();

    /// <summary>Accounts waiting for validation, as the caller may see them (their structures', or all for the operator).</summary>
    public Task<IReadOnlyList<DirectoryEntry>> PendingAccountsAsync(Caller caller) => Directory.PendingAccounts(caller);

    /// <summary>A structure's accounts and groups, listed or not, for its administrators and the operator.</summary>
    public Task<IReadOnlyList<DirectoryEntry>> StructureEntriesAsync(Guid structure, Caller caller) => Directory.StructureEntries(structure, caller);

    /// <summary>The account registered with this email, if any (an administrator naming someone by their address).</summary>
    public Task<Guid?> FindByEmailAsync(string? email) => string.IsNullOrWhiteSpace(email) ? Task.FromResult<Guid?>(null) : Directory.FindByEmail(email.Trim().ToLowerInvariant());

    private IDirectoryGrain Directory => cluster.Grain<IDirectoryGrain>(0);
}
