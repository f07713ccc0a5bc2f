using Collab.Contracts.Errors;
using Collab.Contracts.Structures;
using Collab.Crypto;
using Collab.Testing;

namespace Collab.GrainTests.Directory;

/// <summary>A structure's administrators come and go, with their copy of the recovery key; one always remains.</summary>
public sealed class StructureAdminTests : ClusterTest
{
    [Fact]
    public async Task An_admin_removed_loses_the_recovery_key_the_last_one_stays_and_a_member_removes_nobody()
    {
        var first = await Clinician.RegisterAsync(Grains, "Premiere");
        var second = await Clinician.RegisterAsync(Grains, "Seconde");
        var member = await Clinician.RegisterAsync(Grains, "Membre");
        var id = Guid.NewGuid();
        var structure = Grains.GetGrain<IStructureGrain>(id);
        await structure.Create(new StructureInfo("Hôpital Centre", "750712184", "Tours"), first.Id, Platform);
        var secondKey = await second.Keys.GetPublicKey();
        byte[] shared;
        var sealedToFirst = (await structure.GetRecoveryKey(first.Id, first.Caller))!;
        var recoveryPublic = (await structure.Get())!.RecoveryPublicKey!;
        using (var keys = await first.UnlockAsync())
        using (var recovery = UserKeyPair.FromPrivateKey(KeySealing.Open(sealedToFirst, keys), recoveryPublic))
        {
            shared = KeySealing.Seal(recovery.PrivateKey, secondKey);
        }

        await structure.AddAdmin(second.Id, shared, first.Caller);
        var byMember = await Assert.ThrowsAsync<DomainException>(() => structure.RemoveAdmin(first.Id, member.Caller));
        await structure.RemoveAdmin(first.Id, second.Caller);
        var last = await Assert.ThrowsAsync<DomainException>(() => structure.RemoveAdmin(second.Id, second.Caller));

        Assert.Equal(DomainErrorCode.Forbidden, byMember.Code);
        Assert.Equal(DomainErrorCode.Conflict, last.Code);
        Assert.Equal([second.Id], (await structure.Get())!.Admins);
        Assert.NotNull(await structure.GetRecoveryKey(second.Id, second.Caller));
        Assert.Null(await structure.GetRecoveryKey(first.Id, second.Caller)); // the removed admin's copy is gone
        Assert.False(await structure.IsAdmin(first.Id));
    }
}
