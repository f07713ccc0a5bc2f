using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Crypto;
using Collab.Testing;

namespace Collab.GrainTests.Groups;

/// <summary>A group's key ring through the grains: members confirmed late read the past, removed members read nothing after.</summary>
public sealed class GroupKeyTests : ClusterTest
{
    /// <summary>Invited by the platform, accepted by the member: the confirm step (keys) is left to the test.</summary>
    private async Task JoinAsync(Guid group, Clinician member)
    {
        await Grains.GetGrain<IGroupGrain>(group).Invite(member.Id, GroupRole.Doctor, Platform);
        await Grains.GetGrain<IGroupGrain>(group).Accept(member.Caller);
    }

    [Fact]
    public async Task A_member_confirmed_after_ten_epochs_were_written_reads_all_ten()
    {
        var alice = await Clinician.RegisterAsync(Grains, "Alice");
        var bob = await Clinician.RegisterAsync(Grains, "Bob");
        var service = Guid.NewGuid();
        var consultation = Guid.NewGuid();
        await Grains.GetGrain<IGroupGrain>(service).Create(new GroupInfo("Cardiologie", null), alice.Id, Platform);
        await JoinAsync(service, bob);
        await alice.CreateConsultationAsync(consultation, required: null, group: service);
        for (var i = 1; i <= 10; i++)
        {
            var (epoch, key) = await alice.StartEpochAsync(consultation, [alice], service);
            await alice.PostAsync(consultation, epoch, key, $"avis {i}");
        }

        var beforeConfirmation = await Assert.ThrowsAsync<DomainException>(async () => await bob.ReadAllAsync(consultation, await bob.UnlockAsync()));
        using (var aliceKeys = await alice.UnlockAsync())
        {
            var copies = GroupKeyRing.SealEveryVersionTo(await alice.KeyRingAsync(service), alice.Id.Value, aliceKeys, await bob.Keys.GetPublicKey());
            await Grains.GetGrain<IGroupGrain>(service).Confirm(bob.Id, copies, alice.Caller);
        }

        using var bobKeys = await bob.UnlockAsync();
        Assert.Equal(DomainErrorCode.Forbidden, beforeConfirmation.Code); // not yet a confirmed member: refused before any key matters
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"avis {i}"), await bob.ReadAllAsync(consultation, bobKeys));
    }

    [Fact]
    public async Task A_removed_member_cannot_open_later_epochs_and_their_sealed_copies_are_gone_from_storage()
    {
        var alice = await Clinician.RegisterAsync(Grains, "Alice");
        var bob = await Clinician.RegisterAsync(Grains, "Bob");
        var service = Guid.NewGuid();
        var consultation = Guid.NewGuid();
        var group = Grains.GetGrain<IGroupGrain>(service);
        await group.Create(new GroupInfo("Néphrologie", null), alice.Id, Platform);
        await JoinAsync(service, bob);
        using (var aliceKeys = await alice.UnlockAsync())
        {
            await group.Confirm(bob.Id, GroupKeyRing.SealEveryVersionTo(await alice.KeyRingAsync(service), alice.Id.Value, aliceKeys, await bob.Keys.GetPublicKey()), alice.Caller);
        }

        await alice.CreateConsultationAsync(consultation, required: null, group: service);
        var (first, firstKey) = await alice.StartEpochAsync(consultation, [alice], service);
        await alice.PostAsync(consultation, first, firstKey, "avant");
        await group.Remove(bob.Id, Platform);
        var staleEpoch = await Assert.ThrowsAsync<DomainException>(() => alice.PostAsync(consultation, first, firstKey, "dans l'ancienne époque"));
        var (second, secondKey) = await alice.StartEpochAsync(consultation, [alice], service);
        await alice.PostAsync(consultation, second, secondKey, "après");

        using var bobKeys = await bob.UnlockAsync();
        // The group's seal of the new epoch, as anyone holding a copy of the data would have it.
        var secondSeal = (await Grains.GetGrain<Contracts.Consultations.IConsultationGrain>(consultation).GetEpochSeals(alice.Caller)).Single(s => s.Epoch == second);
        var ring = await group.GetKeyRing(bob.Id);
        var groupRows = await Database.ScalarAsync<long>(
            "SELECT count(*) FROM orleans_grain_state WHERE convert_from(payload, 'UTF8') ILIKE '%sealedToMembers%'");
        var groupRowsNamingBob = await Database.ScalarAsync<long>(
            $"SELECT count(*) FROM orleans_grain_state WHERE convert_from(payload, 'UTF8') ILIKE '%sealedToMembers%' AND convert_from(payload, 'UTF8') LIKE '%{bob.Id}%'");
        using var aliceAgain = await alice.UnlockAsync();

        Assert.Equal(DomainErrorCode.Stale, staleEpoch.Code);
        Assert.Equal(2, secondSeal.GroupVersion);
        Assert.All(ring.Versions, v => Assert.Null(v.SealedToMember));
        Assert.Equal(CryptoFailure.NotARecipient, Assert.Throws<CryptoException>(() => KeySealing.Open(secondSeal.SealedToGroup!, bobKeys)).Failure);
        Assert.Equal(DomainErrorCode.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => bob.ReadAllAsync(consultation, bobKeys))).Code);
        Assert.Equal((1L, 0L), (groupRows, groupRowsNamingBob));
        Assert.Equal(["avant", "après"], await alice.ReadAllAsync(consultation, aliceAgain));
    }

    [Fact]
    public async Task The_last_confirmed_member_cannot_leave_a_group()
    {
        var alice = await Clinician.RegisterAsync(Grains, "Alice");
        var group = Grains.GetGrain<IGroupGrain>(Guid.NewGuid());
        await group.Create(new GroupInfo("Pédiatrie", null), alice.Id, Platform);

        var refused = await Assert.ThrowsAsync<DomainException>(() => group.Remove(alice.Id, Platform));

        Assert.Equal(DomainErrorCode.Conflict, refused.Code);
        Assert.NotNull((await group.GetKeyRing(alice.Id)).Versions.Single().SealedToMember);
    }
}
