using Collab.Contracts.Access;
using Collab.Contracts.Directory;

namespace Collab.Web.Directory;

/// <summary>The directory: search (audited, validated accounts only), the structures a form lists, the accounts awaiting validation.</summary>
public sealed class DirectoryService(IClusterClient cluster)
{
    public Task<DirectoryPage> SearchAsync(DirectoryQuery query, Caller caller) => Directory.Search(query, caller);

    /// <summary>Every structure (the registration form's list).</summary>
    public Task<IReadOnlyList<StructureEntry>> StructuresAsync() => Directory.Structures();

    /// <summary>Accounts waiting for validation, as the caller may see them (their structures', or all for the operator).</summary>
    public Task<IReadOnlyList<DirectoryEntry>> PendingAccountsAsync(Caller caller) => Directory.PendingAccounts(caller);

    private IDirectoryGrain Directory => cluster.GetGrain<IDirectoryGrain>(0);
}
