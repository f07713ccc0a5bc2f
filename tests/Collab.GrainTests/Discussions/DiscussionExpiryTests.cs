using Collab.Contracts.Discussions;
using Collab.Contracts.Errors;
using Collab.Contracts.Structures;
using Collab.Grains.Consultations;
using Collab.Grains.Discussions;
using Collab.Grains.Retention;
using Collab.Silo.Audit;
using Collab.Testing;
using Collab.Web.Consultations;
using Microsoft.Extensions.DependencyInjection;

namespace Collab.GrainTests.Discussions;

/// <summary>A discussion's messages expire by day on a fake clock; kept ones stay; members are told of unread messages, batched.</summary>
public sealed class DiscussionExpiryTests : ClusterTest
{
    private static readonly DateTimeOffset Day0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    protected override DateTimeOffset? ClockStart => Day0;

    protected override void ConfigureSilo(ISiloBuilder silo) =>
        silo.Services.AddSingleton(new DiscussionNoticeOptions { CheckEvery = TimeSpan.FromMilliseconds(100) });

    [Fact]
    public async Task A_message_is_gone_at_day_30_with_its_key_and_file_and_a_certificate_while_a_kept_discussion_still_has_its_day_1_message_at_day_400()
    {
        var alice = await Clinician.RegisterAsync(Grains, "Alice");
        var bob = await Clinician.RegisterAsync(Grains, "Bob");
        var a = await alice.DiscussionsAsync();
        var id = await a.StartAsync([bob.Id], "Garde");
        var kept = await a.StartAsync([bob.Id], "Protocoles");
        await a.PostAsync(id, ItemBody.Message("Patient du box 3 : à revoir demain"), Guid.NewGuid(), seen: 0);
        var note = await ConsultationClient.StoreFileAsync(Services.GetRequiredService<IAttachmentStore>(), id, new MemoryStream(new byte[40_000]), "note-vocale.webm", "audio/webm", 40_000);
        await a.PostAsync(id, note, Guid.NewGuid(), seen: 1);
        await a.PostAsync(kept, ItemBody.Message("Protocole anticoagulants v3"), Guid.NewGuid(), seen: 0);
        await a.KeepAsync(kept, true);
        var grain = Grains.GetGrain<IDiscussionGrain>(id);
        var day0Items = await grain.Read(1, 10, alice.Caller);
        var day0Seals = await grain.GetEpochSeals(bob.Caller);
        var chunk = await Database.ScalarAsync<byte[]>($"SELECT data FROM attachment_chunk WHERE owner_id = '{id}' LIMIT 1");
        byte[][] secrets = [.. day0Items.Select(i => i.Ciphertext), .. day0Seals.Select(s => s.SealedToReader!), chunk![..4096]];
        var before = await Database.DumpAsync();
        Assert.All(secrets, s => Assert.NotEmpty(TestDatabase.SecretFoundIn(before, s)));

        Clock.SetUtcNow(Day0.AddDays(1));
        await a.PostAsync(id, ItemBody.Message("Revu ce matin"), Guid.NewGuid(), seen: 2); // a new day: a new epoch
        var ticks = grain.AsReference<IRemindable>();
        var keptTicks = Grains.GetGrain<IDiscussionGrain>(kept).AsReference<IRemindable>();
        async Task DayAsync(int day)
        {
            Clock.SetUtcNow(Day0.AddDays(day));
            await ticks.ReceiveReminder(RetentionTimer.ReminderName, default);
            await keptTicks.ReceiveReminder(RetentionTimer.ReminderName, default);
        }

        var b = await bob.DiscussionsAsync();
        await DayAsync(29);
        var at29 = await b.ReadAsync(id, 1);
        await DayAsync(30);
        var at30 = await b.ReadAsync(id, 1);
        var viewAt30 = await b.GetAsync(id);
        var dump = await Database.DumpAsync();
        var check = Assert.Single(await DeletionCertificates.FindAsync(Database.DataSource, Services.GetRequiredService<AuditSigningKey>(), id.ToString()));
        var certificate = check.Signed.Read();
        await DayAsync(31);
        var at31 = await b.ReadAsync(id, 1);
        await DayAsync(400);
        var keptAt400 = await b.ReadAsync(kept, 1);
        var chain = await Services.GetRequiredService<AuditVerifier>().VerifyAsync();

        Assert.Equal(3, at29.Count);
        Assert.Equal(["Revu ce matin"], at30.Select(i => i.Body!.Text));
        Assert.All(secrets, s => Assert.Empty(TestDatabase.SecretFoundIn(dump, s)));
        Assert.Equal(0, await Database.ScalarAsync<long>($"SELECT count(*) FROM attachment_chunk WHERE owner_id = '{id}'"));
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero), viewAt30.ExpiredBefore); // the tombstone: day 0's messages went
        Assert.Null(check.Problem);
        Assert.Equal(2, certificate.Destroyed["ciphertextItems"]);
        Assert.Equal(1, certificate.Destroyed["attachmentFiles"]);
        Assert.Equal(2, certificate.Destroyed["sealedEpochKeys"]); // epoch 1, sealed to Alice and to Bob
        Assert.Empty(at31);
        Assert.Equal(["Protocole anticoagulants v3"], keptAt400.Select(i => i.Body!.Text));
        Assert.True((await b.GetAsync(kept)).Keep);
        Assert.Null((await b.GetAsync(kept)).ExpiredBefore);
        Assert.True(chain.IsIntact, chain.ToString());
    }

    [Fact]
    public async Task Keeping_is_for_the_owner_and_ends_and_is_refused_once_a_members_structure_forbids_it()
    {
        var head = await Clinician.RegisterAsync(Grains, "Chef");
        var structure = Guid.NewGuid();
        await Grains.GetGrain<IStructureGrain>(structure).Create(new StructureInfo("Hôpital Sud", "750000002", "Paris"), head.Id, Platform);
        var colleague = await Clinician.RegisterAsync(Grains, "Collegue", structure: structure); // the head's own structure does not matter: any member's counts
        var h = await head.DiscussionsAsync();
        var id = await h.StartAsync([colleague.Id], null);
        var notOwner = await Assert.ThrowsAsync<DomainException>(async () => await (await colleague.DiscussionsAsync()).KeepAsync(id, true));
        await h.KeepAsync(id, true);
        await Grains.GetGrain<IStructureGrain>(structure).SetDiscussionKeep(false, head.Caller);
        await Grains.GetGrain<IDiscussionGrain>(id).AsReference<IRemindable>().ReceiveReminder(RetentionTimer.ReminderName, default); // kept no more
        var keptAfterTick = (await h.GetAsync(id)).Keep;
        var forbiddenNow = await Assert.ThrowsAsync<DomainException>(() => h.KeepAsync(id, true));
        var notAdmin = await Assert.ThrowsAsync<DomainException>(() => Grains.GetGrain<IStructureGrain>(structure).SetDiscussionKeep(true, colleague.Caller));

        Assert.Equal(DomainErrorCode.Forbidden, notOwner.Code);
        Assert.Equal("keep", Assert.Single(forbiddenNow.Errors).Field);
        Assert.Contains("Hôpital Sud", Assert.Single(forbiddenNow.Errors).Rule, StringComparison.Ordinal);
        Assert.False(keptAfterTick);
        Assert.Equal(DomainErrorCode.Forbidden, notAdmin.Code);
    }

    [Fact]
    public async Task A_member_who_does_not_read_is_told_once_per_15_minutes_without_content_and_a_mention_reaches_a_muted_member()
    {
        var alice = await Clinician.RegisterAsync(Grains, "Expeditrice");
        var bob = await Clinician.RegisterAsync(Grains, "Lecteur");
        var carol = await Clinician.RegisterAsync(Grains, "Sourdine");
        var a = await alice.DiscussionsAsync();
        var b = await bob.DiscussionsAsync();
        var c = await carol.DiscussionsAsync();
        var id = await a.StartAsync([bob.Id, carol.Id], null);
        await c.MuteAsync(id, true);
        int To(string name) => Outbox.Messages.Count(m => m.To == $"{name}@example.org");
        async Task MinutesAsync(int minutes)
        {
            Clock.Advance(TimeSpan.FromMinutes(minutes));
            await Task.Delay(600); // several checks of the grain's timer
        }

        var first = await a.PostAsync(id, ItemBody.Message("Lit 12 libre"), Guid.NewGuid(), seen: 0);
        await b.MarkReadAsync(id, first); // Bob's page is open: he read it
        await MinutesAsync(2);
        var whileReading = To("lecteur");

        await a.PostAsync(id, ItemBody.Message("Qui prend l'entrée de 14 h ?"), Guid.NewGuid(), seen: 1);
        await AdvanceUntilAsync(TimeSpan.FromMinutes(2), () => To("lecteur") == 1, "the first notice");
        var notice = Outbox.Messages.Single(m => m.To == "lecteur@example.org");
        await a.PostAsync(id, ItemBody.Message("Relance"), Guid.NewGuid(), seen: 2);
        await MinutesAsync(5);
        var within15 = To("lecteur");
        await AdvanceUntilAsync(TimeSpan.FromMinutes(15), () => To("lecteur") == 2, "the notice after the quiet quarter of an hour");
        var mutedWithoutMention = To("sourdine");

        var mentioning = await a.PostAsync(id, ItemBody.Message("@Sourdine tu peux valider ?"), Guid.NewGuid(), seen: 3);
        await a.MentionAsync(id, mentioning, "@Sourdine tu peux valider ?", new Dictionary<Collab.Contracts.Practitioners.PractitionerId, string> { [bob.Id] = "Dr Test Lecteur", [carol.Id] = "Dr Test Sourdine" });
        await AdvanceUntilAsync(TimeSpan.FromMinutes(2), () => To("sourdine") == 1, "the mention");
        var mention = Outbox.Messages.Single(m => m.To == "sourdine@example.org");
        var notAMember = await Assert.ThrowsAsync<DomainException>(() => Grains.GetGrain<IDiscussionGrain>(id).Mention([Collab.Contracts.Practitioners.PractitionerId.New()], mentioning, bob.Caller));

        Assert.Equal(0, whileReading);
        Assert.Equal(1, within15);
        Assert.Equal(0, mutedWithoutMention);
        Assert.Contains($"discussions/{id}", notice.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("14 h", notice.Body, StringComparison.Ordinal);
        Assert.Contains("mentionné", mention.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("valider", mention.Body, StringComparison.Ordinal);
        Assert.Equal("people", Assert.Single(notAMember.Errors).Field);
    }

    private async Task AdvanceUntilAsync(TimeSpan by, Func<bool> condition, string what)
    {
        Clock.Advance(by);
        await Eventually.TrueAsync(condition, what);
    }
}
