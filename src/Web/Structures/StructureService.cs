using Collab.Contracts.Access;
using Collab.Contracts.Directory;
using Collab.Contracts.Practitioners;
using Collab.Contracts.Retention;
using Collab.Contracts.Structures;
using Collab.Crypto;
using Collab.Web.Account;

namespace Collab.Web.Structures;

/// <summary>
/// Structures: creation by the operator, what a viewer may see of one, its administrators (whose recovery key
/// is shared here, with the session keys of an administrator who holds it), retention, restitution and the end of
/// its contract. One service for the <c>/api/v1/structures</c> endpoints and the administration pages.
/// </summary>
public sealed class StructureService(IClusterClient cluster, SessionKeyStore sessions)
{
    public async Task<StructureCard> CreateAsync(StructureInfo info, Guid firstAdmin, Caller caller)
    {
        var id = Guid.NewGuid();
        await Structure(id).Create(info, new PractitionerId(firstAdmin), caller);
        return (await Structure(id).Describe(caller))!;
    }

    public Task<StructureCard?> DescribeAsync(Guid id, Caller caller) => Structure(id).Describe(caller);

    /// <summary>Adds an administrator; when the caller holds the recovery key it is sealed to the newcomer, who can then reset passwords too.</summary>
    public async Task AddAdminAsync(Guid id, Guid admin, HttpContext http)
    {
        var caller = Access.HttpCaller.From(http);
        var structure = Structure(id);
        byte[]? shared = null;
        if (await structure.GetRecoveryKey(new PractitionerId(caller.PractitionerId!.Value), caller) is { } mine && (await structure.Get())?.RecoveryPublicKey is { } recoveryPublic)
        {
            var newAdminKey = await cluster.Grain<IPractitionerKeysGrain>(admin).GetPublicKey();
            using var adminKeys = SessionKeys.Unlock(sessions, SessionCookies.TicketOf(http.User));
            using var recovery = UserKeyPair.FromPrivateKey(KeySealing.Open(mine, adminKeys), recoveryPublic);
            shared = KeySealing.Seal(recovery.PrivateKey, newAdminKey);
        }

        await structure.AddAdmin(new PractitionerId(admin), shared, caller);
    }

    /// <summary>Whether the caller holds the structure's recovery key (an administrator who can reset members' passwords).</summary>
    public async Task<bool> HoldsRecoveryKeyAsync(Guid id, Caller caller) =>
        caller.PractitionerId is { } me && await Structure(id).GetRecoveryKey(new PractitionerId(me), caller) is not null;

    public Task RemoveAdminAsync(Guid id, Guid admin, Caller caller) => Structure(id).RemoveAdmin(new PractitionerId(admin), caller);

    public Task SetRetentionAsync(Guid id, RetentionPolicy policy, Caller caller) => Structure(id).SetRetention(policy, caller);

    /// <summary>The retention the structure set for its consultations (null: the platform's 90 days).</summary>
    public Task<RetentionPolicy?> RetentionAsync(Guid id) => Structure(id).GetRetention();

    public Task SetDiscussionKeepAsync(Guid id, bool allowed, Caller caller) => Structure(id).SetDiscussionKeep(allowed, caller);

    public Task<StructureExport> ExportAsync(Guid id, Caller caller) => Structure(id).Export(caller);

    public Task<ContractEnd> EndContractAsync(Guid id, string? finess, Caller caller) => Structure(id).EndContract(finess ?? "", caller);

    /// <summary>
    /// The structures <paramref name="practitioner"/> administers: their own structure first when they administer it,
    /// then any other (an administrator need not be a member, e.g. a hospital IT lead).
    /// </summary>
    public async Task<IReadOnlyList<Guid>> AdministeredByAsync(Guid practitioner, Guid? ownStructure)
    {
        var admin = new PractitionerId(practitioner);
        var administered = new List<Guid>();
        if (ownStructure is { } own && await Structure(own).IsAdmin(admin))
        {
            administered.Add(own);
        }

        foreach (var structure in await cluster.Grain<IDirectoryGrain>(0).Structures())
        {
            if (structure.Id != ownStructure && await Structure(structure.Id).IsAdmin(admin))
            {
                administered.Add(structure.Id);
            }
        }

        return administered;
    }

    private IStructureGrain Structure(Guid id) => cluster.Grain<IStructureGrain>(id);
}
