using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Crypto;
using Collab.Testing;

namespace Collab.GrainTests.Consultations;

/// <summary>Consultation content through the grains: stored once, sealed, and never in clear in the database.</summary>
public sealed class EncryptedContentTests : ClusterTest
{
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
        Assert.Equal(sequence + 1, refused.Current); // the sequence to encrypt for instead
        Assert.Equal(sequence + 1, await grain.NextSequence());
        Assert.Equal(["premier"], await alice.ReadAllAsync(consultation, keys));
    }
}
