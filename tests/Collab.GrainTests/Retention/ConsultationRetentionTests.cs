using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Contracts.Retention;
using Collab.Grains.Consultations;
using Collab.Grains.Notifications;
using Collab.Grains.Retention;
using Collab.Silo.Audit;
using Collab.Testing;
using Collab.Web.Consultations;
using Microsoft.Extensions.DependencyInjection;

namespace Collab.GrainTests.Retention;

public sealed class ConsultationRetentionTests : ClusterTest
{
    protected override DateTimeOffset? ClockStart => new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_consultation_closed_with_3_months_retention_is_warned_at_day_83_and_crypto_shredded_at_day_90_with_a_verifiable_certificate()
    {
        var gp = await Clinician.RegisterAsync(Grains, "Generaliste");
        var cardiologist = await Clinician.RegisterAsync(Grains, "Cardiologue");
        var outsider = await Clinician.RegisterAsync(Grains, "Exterieur");
        var id = Guid.NewGuid();
        var gpClient = await gp.ClientAsync();
        await gpClient.CreateDraftAsync(Clinician.Request(cardiologist, null), id);
        var consultation = Grains.GetGrain<IConsultationGrain>(id);
        await consultation.Act(ConsultationAction.Send, new(), gp.Caller);
        await (await cardiologist.ClientAsync()).ActAsync(id, ConsultationAction.Accept);
        await gpClient.PostAsync(id, ItemBody.Message("un message"), Guid.NewGuid(), seen: 0);
        var file = await ConsultationClient.StoreFileAsync(Services.GetRequiredService<IAttachmentStore>(), id, new MemoryStream(new byte[300_000]), "ecg.png", "image/png", 300_000);
        await gpClient.PostAsync(id, file, Guid.NewGuid(), seen: 0);
        await (await cardiologist.ClientAsync()).AnswerAsync(id, "Holter sous 15 jours.", "TE2");
        var requesterMayNotSet = await Assert.ThrowsAsync<DomainException>(() => consultation.SetRetention(new RetentionPolicy(30), gp.Caller));
        await consultation.SetRetention(new RetentionPolicy(90), cardiologist.Caller);
        await consultation.Act(ConsultationAction.Close, new(), gp.Caller);

        // Everything that must be gone afterwards, as the database holds it now.
        var view = await consultation.Get(gp.Caller);
        var gpSeals = await consultation.GetEpochSeals(gp.Caller);
        var cardiologistSeals = await consultation.GetEpochSeals(cardiologist.Caller);
        var items = await consultation.Read(1, 10, gp.Caller);
        var chunk = await Database.ScalarAsync<byte[]>($"SELECT data FROM attachment_chunk WHERE owner_id = '{id}' ORDER BY chunk_index LIMIT 1");
        byte[][] secrets =
        [
            view.PatientIdentity, view.Question, view.Description, view.Opinion!, .. items.Select(i => i.Ciphertext),
            .. gpSeals.Select(s => s.SealedToReader!), .. cardiologistSeals.Select(s => s.SealedToReader!), chunk![..4096],
        ];
        var keyIds = gpSeals.Select(s => DeletionCertificate.KeyId($"epoch{s.Epoch}:practitioner:{gp.Id.Value}", s.SealedToReader!))
            .Concat(cardiologistSeals.Select(s => DeletionCertificate.KeyId($"epoch{s.Epoch}:practitioner:{cardiologist.Id.Value}", s.SealedToReader!)))
            .ToList();
        var inbox = await Grains.GetGrain<IInboxGrain>(gp.Id.Value).List(InboxBox.Sent, null, gp.Caller);
        Assert.Equal(view.Timeline[ConsultationStatus.Closed].AddDays(90), inbox.Single(e => e.Consultation == id).DestroyAt); // what the inbox and home page warn with
        var before = await Database.DumpAsync();
        Assert.All(secrets, s => Assert.NotEmpty(TestDatabase.SecretFoundIn(before, s)));

        var ticks = consultation.AsReference<IRemindable>();
        Task<long> Audited(string action) => Database.ScalarAsync<long>($"SELECT count(*) FROM audit_event WHERE object_id = '{id}' AND action = '{action}'");
        async Task DayAsync(int day)
        {
            Clock.SetUtcNow(view.Timeline[ConsultationStatus.Answered] + TimeSpan.FromDays(day) + TimeSpan.FromHours(1)); // closed right after the answer
            await ticks.ReceiveReminder(RetentionTimer.ReminderName, default);
        }

        await DayAsync(82);
        var warningsAt82 = await Audited("consultation.retention.warn");
        await DayAsync(83);
        await DayAsync(84); // warned once
        await Eventually.TrueAsync(() => Outbox.Messages.Any(m => m.To == "generaliste@example.org" && (m.Subject ?? "").Contains("suppression", StringComparison.Ordinal)), "the warning email");
        var warning = Outbox.Messages.First(m => m.To == "generaliste@example.org" && (m.Subject ?? "").Contains("suppression", StringComparison.Ordinal));
        Assert.Contains($"{Services.GetRequiredService<PublicLinks>().BaseUrl}consultations/{id}/report.pdf", warning.Body, StringComparison.Ordinal); // a link to download the report
        await DayAsync(89);
        var stillThereAt89 = await consultation.Get(gp.Caller);
        await DayAsync(90);

        var gone = await Assert.ThrowsAsync<DomainException>(() => consultation.Get(gp.Caller));
        var cardiologistClient = await cardiologist.ClientAsync();
        var reportGone = await Assert.ThrowsAsync<DomainException>(() => cardiologistClient.OpenAsync(id)); // what the report is made from
        var outsiderRefused = await Assert.ThrowsAsync<DomainException>(() => consultation.Get(outsider.Caller));
        var dump = await Database.DumpAsync();
        var signingKey = Services.GetRequiredService<AuditSigningKey>();
        var check = Assert.Single(await DeletionCertificates.FindAsync(Database.DataSource, signingKey, id.ToString()));
        var certificate = check.Signed.Read();
        var chain = await Services.GetRequiredService<AuditVerifier>().VerifyAsync();

        Assert.Equal(DomainErrorCode.Forbidden, requesterMayNotSet.Code);
        Assert.Equal(0, warningsAt82);
        Assert.Equal(1, await Audited("consultation.retention.warn"));
        Assert.Equal(90, stillThereAt89.Retention!.Days);
        Assert.Equal(view.Timeline[ConsultationStatus.Answered].AddDays(90), stillThereAt89.DestroyAt!.Value, TimeSpan.FromMinutes(1));
        Assert.Equal(DomainErrorCode.Gone, gone.Code);
        Assert.Equal(DomainErrorCode.Gone, reportGone.Code);
        Assert.Equal(DomainErrorCode.Forbidden, outsiderRefused.Code);
        Assert.All(secrets, s => Assert.Empty(TestDatabase.SecretFoundIn(dump, s)));
        foreach (var table in new[] { "encrypted_item WHERE owner_id", "attachment_chunk WHERE owner_id", "consultation_index WHERE consultation_id" })
        {
            Assert.Equal(0, await Database.ScalarAsync<long>($"SELECT count(*) FROM {table} = '{id}'"));
        }

        Assert.Null(check.Problem);
        Assert.Equal(id.ToString(), certificate.ObjectId);
        Assert.Equal(Clock.GetUtcNow(), certificate.DestroyedAt, TimeSpan.FromSeconds(1));
        Assert.Equal(2, certificate.Destroyed["ciphertextItems"]);
        Assert.Equal(1, certificate.Destroyed["attachmentFiles"]);
        Assert.Equal(1, certificate.Destroyed["indexEntries"]);
        Assert.Equal(4, certificate.Destroyed["encryptedFields"]);
        Assert.Equal(2, certificate.Destroyed["sealedEpochKeys"]);
        Assert.Equal(DeletionCertificate.Digest(keyIds), certificate.KeyDigest); // a third party with the sealed keys recomputes it
        Assert.True(chain.IsIntact, chain.ToString());
        var tampered = check.Signed with { Certificate = check.Signed.Certificate.Replace("\"ciphertextItems\":2", "\"ciphertextItems\":0", StringComparison.Ordinal) };
        Assert.NotNull(DeletionCertificates.Check(tampered, signingKey));
    }
}
