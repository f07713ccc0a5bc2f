using Collab.Contracts.Errors;
using Collab.Contracts.Knowledge;
using Collab.Grains.Consultations;
using Collab.Grains.Notifications;
using Collab.Grains.Retention;
using Collab.Silo.Audit;
using Collab.Testing;
using Collab.Web.Knowledge;
using Microsoft.Extensions.DependencyInjection;

namespace Collab.GrainTests.Retention;

public sealed class NetworkCaseRetentionTests : ClusterTest
{
    protected override DateTimeOffset? ClockStart => new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_cases_thread_and_pictures_expire_3_months_after_its_last_message_with_a_certificate_and_the_published_text_stays()
    {
        const string planted = "Durandeau-photo-2026";
        var gp = await Clinician.RegisterAsync(Grains, "Generaliste");
        var specialist = await Clinician.RegisterAsync(Grains, "Specialiste");
        var reviewer = await Clinician.RegisterAsync(Grains, "Relecteur");
        var network = await specialist.FoundNetworkAsync("Réseau de dermatologie", "Dermatologie", reviewer);
        var store = Services.GetRequiredService<IAttachmentStore>();
        var asking = await gp.KnowledgeAsync();
        var id = await asking.AskAsync(network, AgeBand.Adult, CaseSex.Male, false, "Lésion pigmentée du dos, évolutive ?");
        var asked = await asking.GetAsync(id);
        Assert.Equal(Clock.GetUtcNow().AddDays(90), asked.DestroyAt);

        // A picture joins the thread without its metadata, under a neutral name.
        await asking.PostImageAsync(asked, store, TestImages.Png(planted));
        var opened = new MemoryStream();
        var picture = await asking.ReadImageAsync(id, 2, store, opened);
        Assert.Equal("image/png", picture!.ContentType);
        Assert.Equal("image-2.png", picture.Name);
        Assert.DoesNotContain(planted, System.Text.Encoding.Latin1.GetString(opened.ToArray()), StringComparison.Ordinal);
        Assert.Equal(picture.FileId, (await asking.ReadAsync(asked))[1].Image!.FileId);

        // A month later the network answers and the case is published: the clock counts from the last change.
        Clock.Advance(TimeSpan.FromDays(30));
        var answering = await specialist.KnowledgeAsync();
        await answering.PostAsync(await answering.GetAsync(id), "Dermoscopie puis exérèse.");
        Assert.Null(await asking.ProposeAsync(await asking.GetAsync(id), new CasePublication("Lésion pigmentée évolutive ?", "Dermoscopie puis exérèse.", "Exérèse."), ["D22"], 3));
        var published = await (await reviewer.KnowledgeAsync()).ApproveAsync(await (await reviewer.KnowledgeAsync()).GetAsync(id));
        var lastChange = Clock.GetUtcNow();
        var ciphertexts = await Database.RowsAsync($"SELECT ciphertext FROM encrypted_item WHERE owner_id = '{id}'");
        Assert.Equal(3, ciphertexts.Count);
        var before = await Database.DumpAsync();
        Assert.All(ciphertexts, c => Assert.NotEmpty(TestDatabase.SecretFoundIn(before, (byte[])c[0]!)));

        var ticks = Grains.GetGrain<INetworkCaseGrain>(id).AsReference<IRemindable>();
        Task<long> Audited(string action) => Database.ScalarAsync<long>($"SELECT count(*) FROM audit_event WHERE object_id = '{id}' AND action = '{action}'");
        async Task DayAsync(int day)
        {
            Clock.SetUtcNow(lastChange + TimeSpan.FromDays(day) + TimeSpan.FromHours(1));
            await ticks.ReceiveReminder(RetentionTimer.ReminderName, default);
        }

        await DayAsync(82);
        var warnedAt82 = await Audited("networkcase.retention.warn");
        await DayAsync(83);
        await DayAsync(84);
        await Eventually.TrueAsync(() => Outbox.Messages.Any(m => m.To == "generaliste@example.org" && (m.Body ?? "").Contains($"knowledge/cases/{id}", StringComparison.Ordinal)), "the warning email");
        var at89 = await asking.GetAsync(id);
        await DayAsync(90);

        var gone = await asking.GetAsync(id);
        var readGone = await Assert.ThrowsAsync<DomainException>(() => Grains.GetGrain<INetworkCaseGrain>(id).Read(1, 10, gp.Caller));
        var postGone = await Assert.ThrowsAsync<DomainException>(() => Grains.GetGrain<INetworkCaseGrain>(id).Post(1, new byte[64], Guid.NewGuid(), specialist.Caller));
        var after = await Database.DumpAsync();
        var check = Assert.Single(await DeletionCertificates.FindAsync(Database.DataSource, Services.GetRequiredService<AuditSigningKey>(), id.ToString()));
        var certificate = check.Signed.Read();

        Assert.Equal(0, warnedAt82);
        Assert.Equal(1, await Audited("networkcase.retention.warn"));
        Assert.Equal(lastChange.AddDays(90), at89.DestroyAt!.Value, TimeSpan.FromMinutes(1));
        Assert.NotNull(gone.DestroyedAt);
        Assert.Empty(gone.Keys);
        Assert.Empty(gone.SeatSealedToAsker!);
        Assert.Empty(await asking.ReadAsync(gone));
        Assert.Equal(DomainErrorCode.Gone, readGone.Code);
        Assert.Equal(DomainErrorCode.Gone, postGone.Code);
        Assert.All(ciphertexts, c => Assert.Empty(TestDatabase.SecretFoundIn(after, (byte[])c[0]!)));
        Assert.Equal(0L, await Database.ScalarAsync<long>($"SELECT count(*) FROM attachment_chunk WHERE owner_id = '{id}'"));
        Assert.Null(check.Problem);
        Assert.Equal(3, certificate.Destroyed["ciphertextItems"]);
        Assert.Equal(1, certificate.Destroyed["attachmentFiles"]);
        Assert.Equal(at89.Keys.Count * 2 + 1, certificate.Destroyed["sealedCaseKeys"]); // each key to the network and the seat, and the asker's seat
        Assert.True((await Services.GetRequiredService<AuditVerifier>().VerifyAsync()).IsIntact);

        // The published text is anonymised: it stays until its author withdraws it.
        Assert.Equal(published, Assert.Single((await asking.SearchAsync(new KnowledgeQuery("exérèse"))).Hits).Document.Id);
        await asking.WithdrawAsync(id);
        Assert.Empty((await asking.SearchAsync(new KnowledgeQuery("exérèse"))).Hits);
    }
}
