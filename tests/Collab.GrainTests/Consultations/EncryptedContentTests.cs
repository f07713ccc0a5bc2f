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
    public async Task A_retried_post_is_stored_once_and_senders_writing_at_once_all_get_a_place()
    {
        var (alice, bob, consultation) = await RequestBetweenTwoAsync();
        var (epoch, key) = await alice.StartEpochAsync(consultation, [alice, bob], group: null);

        var firstId = Guid.NewGuid();
        var first = alice.Message(consultation, epoch, key, "premier", firstId);
        var stored = await alice.PostAsync(consultation, epoch, first);
        var retried = await alice.PostAsync(consultation, epoch, first); // the acknowledgement was lost: same client id
        // Neither sender asks for a place first: all of them are written knowing only the first message.
        var together = await Task.WhenAll(Enumerable.Range(1, 10).Select(i => (i % 2 == 0 ? alice : bob).PostAsync(consultation, epoch, key, $"message {i}", seen: stored)));
        using var keys = await bob.UnlockAsync();
        var read = await bob.ReadAllAsync(consultation, keys);

        Assert.Equal((1L, 1L), (stored, retried));
        Assert.Equal(Enumerable.Range(2, 10).Select(i => (long)i), together.Order());
        Assert.Equal(11, read.Count);
        Assert.Equal("premier", read[0]);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"message {i}").Order(), read.Skip(1).Order());
    }

    [Fact]
    public async Task A_post_must_be_a_message_envelope_for_its_client_id_written_after_messages_that_exist()
    {
        var (alice, bob, consultation) = await RequestBetweenTwoAsync();
        var grain = Grains.GetGrain<Contracts.Consultations.IConsultationGrain>(consultation);
        var (epoch, key) = await alice.StartEpochAsync(consultation, [alice, bob], group: null);
        var clientId = Guid.NewGuid();

        var positional = await Assert.ThrowsAsync<DomainException>(() => grain.Post(epoch, ContentCipher.Encrypt("x"u8.ToArray(), key, new ContentPosition(consultation, epoch, 1)), clientId, alice.Caller));
        var otherId = await Assert.ThrowsAsync<DomainException>(() => grain.Post(epoch, alice.Message(consultation, epoch, key, "x", Guid.NewGuid()), clientId, alice.Caller));
        var future = await Assert.ThrowsAsync<DomainException>(() => grain.Post(epoch, alice.Message(consultation, epoch, key, "x", clientId, seen: 1), clientId, alice.Caller));

        Assert.All([positional, otherId, future], e => Assert.Equal("ciphertext", Assert.Single(e.Errors).Field));
        Assert.Equal(1, await grain.Post(epoch, alice.Message(consultation, epoch, key, "x", clientId), clientId, alice.Caller));
    }

    public static TheoryData<string> Tampering => new() { "copied to a new place", "swapped with the message it answers", "given to another author" };

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task A_reader_refuses_a_message_an_administrator_copied_reordered_or_reattributed_in_the_database(string tampering)
    {
        var (alice, bob, consultation) = await RequestBetweenTwoAsync();
        var writer = await alice.ClientAsync();
        var first = await writer.PostAsync(consultation, Web.Consultations.ItemBody.Message("Échographie normale."), Guid.NewGuid(), seen: 0);
        var answer = await writer.PostAsync(consultation, Web.Consultations.ItemBody.Message("Donc pas de scanner."), Guid.NewGuid(), seen: first);
        var reader = await bob.ClientAsync();
        Assert.Equal(2, (await reader.ReadAsync(consultation, 1)).Count); // untouched, it reads

        await Database.ExecuteAsync(tampering switch
        {
            "copied to a new place" => $"""
                INSERT INTO encrypted_item (owner_id, seq, epoch, ciphertext, posted_at, client_id, author_id)
                SELECT owner_id, 3, epoch, ciphertext, posted_at, '{Guid.NewGuid()}', author_id FROM encrypted_item WHERE owner_id = '{consultation}' AND seq = {first}
                """,
            "swapped with the message it answers" => $"""
                UPDATE encrypted_item SET seq = seq + 1000 WHERE owner_id = '{consultation}';
                UPDATE encrypted_item SET seq = CASE seq WHEN {first + 1000} THEN {answer} ELSE {first} END WHERE owner_id = '{consultation}'
                """,
            _ => $"UPDATE encrypted_item SET author_id = '{bob.Id.Value}' WHERE owner_id = '{consultation}' AND seq = {first}",
        });
        var refused = await Assert.ThrowsAsync<CryptoException>(() => reader.ReadAsync(consultation, 1));

        Assert.Equal(CryptoFailure.Tampered, refused.Failure);
    }

    // Alice asks Bob; both are participants of the consultation from its first epoch.
    private async Task<(Clinician Alice, Clinician Bob, Guid Consultation)> RequestBetweenTwoAsync()
    {
        var alice = await Clinician.RegisterAsync(Grains, "Alice");
        var bob = await Clinician.RegisterAsync(Grains, "Bob");
        var consultation = Guid.NewGuid();
        await alice.CreateConsultationAsync(consultation, required: bob, group: null);
        return (alice, bob, consultation);
    }
}
