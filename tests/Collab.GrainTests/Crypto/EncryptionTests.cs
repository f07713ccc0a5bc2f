using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Crypto;
using Collab.GrainTests.Orleans;
using Collab.Testing;

namespace Collab.GrainTests.Crypto;

public sealed class EncryptionTests : ClusterTest
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
    public async Task Recovery_code_escrow_and_password_change_each_keep_access_to_old_content()
    {
        using var structure = UserKeyPair.Generate();
        var alice = await Clinician.RegisterAsync(Grains, "Alice", structure.PublicKey);
        var bob = await Clinician.RegisterAsync(Grains, "Bob");
        var consultation = Guid.NewGuid();
        await alice.CreateConsultationAsync(consultation, required: bob, group: null);
        var (epoch, key) = await alice.StartEpochAsync(consultation, [alice, bob], group: null);
        await alice.PostAsync(consultation, epoch, key, "compte rendu initial");
        var stored = (await alice.Keys.GetKeys(alice.Caller))!;

        // Forgotten password: the recovery code opens the key, which gets a new password wrap.
        using (var recovered = UserKeyWrapping.UnwrapWithRecoveryCode(stored.RecoveryWrapped, stored.PublicKey, alice.RecoveryCode))
        {
            await alice.ChangePasswordAsync(recovered, "after recovery by code");
        }

        using (var afterCode = await alice.UnlockAsync())
        {
            Assert.Equal(["compte rendu initial"], await alice.ReadAllAsync(consultation, afterCode));
        }

        // Admin-assisted: the structure's recovery key opens the escrow.
        using (var escrowed = UserKeyWrapping.OpenEscrow(stored.EscrowSealed!, stored.PublicKey, structure))
        {
            Assert.Equal(["compte rendu initial"], await alice.ReadAllAsync(consultation, escrowed));
            await alice.ChangePasswordAsync(escrowed, "after escrow");
        }

        // Ordinary password change: the old password stops working, the content stays readable.
        var oldPassword = alice.Password;
        using (var current = await alice.UnlockAsync())
        {
            await alice.ChangePasswordAsync(current, "changed in 2027");
        }

        using var afterChange = await alice.UnlockAsync();
        Assert.Equal(["compte rendu initial"], await alice.ReadAllAsync(consultation, afterChange));
        Assert.Equal(CryptoFailure.WrongPassword, (await Assert.ThrowsAsync<CryptoException>(() => alice.UnlockAsync(oldPassword))).Failure);
    }

    [Fact]
    public async Task Key_wraps_cannot_swap_the_public_key_and_malformed_envelopes_are_refused()
    {
        var alice = await Clinician.RegisterAsync(Grains, "Alice");
        var stored = (await alice.Keys.GetKeys(alice.Caller))!;
        using var other = UserKeyPair.Generate();

        var swapped = await Assert.ThrowsAsync<DomainException>(() => alice.Keys.ReplaceKeyWraps(stored with { PublicKey = other.PublicKey }, alice.Caller));
        var malformed = await Assert.ThrowsAsync<DomainException>(() => alice.Keys.ReplaceKeyWraps(stored with { RecoveryWrapped = [1, 2, 3] }, alice.Caller));

        Assert.Equal("publicKey", Assert.Single(swapped.Errors).Field);
        Assert.Equal("recoveryWrapped", Assert.Single(malformed.Errors).Field);
    }

    [Fact]
    public async Task Content_stored_through_the_grains_is_absent_from_a_full_database_dump()
    {
        var marker = "CANARY-" + Guid.NewGuid().ToString("N");
        var alice = await Clinician.RegisterAsync(Grains, "Alice");
        var bob = await Clinician.RegisterAsync(Grains, "Bob");
        var service = Guid.NewGuid();
        var consultation = Guid.NewGuid();
        await Grains.GetGrain<IGroupGrain>(service).Create(new GroupInfo("Dermatologie", null), bob.Id, Platform);
        await alice.CreateConsultationAsync(consultation, required: null, group: service);
        var (epoch, key) = await alice.StartEpochAsync(consultation, [alice], service);
        await alice.PostAsync(consultation, epoch, key, $"Lésion pigmentée du dos, {marker}, évolution sur 3 mois.");

        var dump = await Database.DumpAsync();

        Assert.Contains("encrypted_item", dump, StringComparison.Ordinal);
        Assert.Empty(TestDatabase.FormsFoundIn(dump, marker));

        using var aliceKeys = await alice.UnlockAsync();
        Assert.Contains(marker, Assert.Single(await alice.ReadAllAsync(consultation, aliceKeys)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retried_post_is_stored_once_and_a_post_for_a_taken_sequence_is_refused()
    {
        var alice = await Clinician.RegisterAsync(Grains, "Alice");
        var bob = await Clinician.RegisterAsync(Grains, "Bob");
        var consultation = Guid.NewGuid();
        await alice.CreateConsultationAsync(consultation, required: bob, group: null);
        var grain = Grains.GetGrain<Contracts.Consultations.IConsultationGrain>(consultation);
        var (epoch, key) = await alice.StartEpochAsync(consultation, [alice, bob], group: null);
        var sequence = await grain.NextSequence();
        var first = ContentCipher.Encrypt("premier"u8.ToArray(), key, new ContentPosition(consultation, epoch, sequence));
        var second = ContentCipher.Encrypt("second"u8.ToArray(), key, new ContentPosition(consultation, epoch, sequence));

        var firstId = Guid.NewGuid();
        var stored = await grain.Post(epoch, sequence, first, firstId, alice.Caller);
        var retried = await grain.Post(epoch, sequence, first, firstId, alice.Caller); // the acknowledgement was lost: same client id
        var refused = await Assert.ThrowsAsync<DomainException>(() => grain.Post(epoch, sequence, second, Guid.NewGuid(), alice.Caller));
        using var keys = await alice.UnlockAsync();

        Assert.Equal((sequence, sequence), (stored, retried));
        Assert.Equal(DomainErrorCode.Stale, refused.Code);
        Assert.Equal(sequence + 1, await grain.NextSequence());
        Assert.Equal(["premier"], await alice.ReadAllAsync(consultation, keys));
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

    /// <summary>Hex, and Base64 at each of the three byte alignments the marker could sit at.</summary>
}
