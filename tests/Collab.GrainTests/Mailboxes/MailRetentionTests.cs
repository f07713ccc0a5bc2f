using Collab.Contracts.Mailboxes;
using Collab.Grains.Retention;
using Collab.Silo.Audit;
using Collab.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Collab.GrainTests.Mailboxes;

/// <summary>A mailbox's messages are destroyed 3 months after they arrived, with a certificate; younger ones stay.</summary>
public sealed class MailRetentionTests : ClusterTest
{
    private static readonly DateTimeOffset Day0 = new(2026, 2, 2, 10, 0, 0, TimeSpan.Zero);

    protected override DateTimeOffset? ClockStart => Day0;

    [Fact]
    public async Task A_message_is_gone_at_3_months_with_its_key_and_a_certificate_while_a_younger_one_stays()
    {
        var lab = await Clinician.RegisterAsync(Grains, "Laboratoire");
        var gp = await Clinician.RegisterAsync(Grains, "Medecin");
        var sender = await lab.MailAsync(Services);
        await sender.SendAsync([gp.Id.Value.ToString()], "Bilan du 2 février", "Hémoglobine 9,8 g/dL.");
        Clock.SetUtcNow(Day0.AddDays(40));
        await sender.SendAsync([gp.Id.Value.ToString()], "Bilan de contrôle", "Hémoglobine 11,2 g/dL.");
        var reader = await gp.MailAsync(Services);
        var first = (await reader.ListAsync(MailFolder.Inbox)).Single(m => m.Content.Subject == "Bilan du 2 février");
        var firstKey = await Database.ScalarAsync<byte[]>($"SELECT sealed_key FROM mail_item WHERE mailbox_id = '{gp.Id.Value}' AND seq = {first.Sequence}");
        var ticks = Grains.GetGrain<IMailboxGrain>(gp.Id.Value).AsReference<IRemindable>();
        Task TickAsync(int day)
        {
            Clock.SetUtcNow(Day0.AddDays(day).AddHours(1)); // the first tick after that day's hour of arrival
            return ticks.ReceiveReminder(RetentionTimer.ReminderName, default);
        }

        await TickAsync(89);
        var at89 = await reader.ListAsync(MailFolder.Inbox);
        await TickAsync(90);
        var at90 = await reader.ListAsync(MailFolder.Inbox);
        var dump = await Database.DumpAsync();
        var check = Assert.Single(await DeletionCertificates.FindAsync(Database.DataSource, Services.GetRequiredService<AuditSigningKey>(), gp.Id.Value.ToString()));
        var certificate = check.Signed.Read();

        Assert.Equal(2, at89.Count);
        Assert.Equal(["Bilan de contrôle"], at90.Select(m => m.Content.Subject));
        Assert.Empty(TestDatabase.SecretFoundIn(dump, firstKey!));
        Assert.Null(check.Problem);
        Assert.Equal(1, certificate.Destroyed["mailMessages"]);
        Assert.Equal(DeletionCertificate.Digest([DeletionCertificate.KeyId($"mail{first.Sequence}:mailbox:{gp.Id.Value}", firstKey!)]), certificate.KeyDigest);
        Assert.Equal(2, (await sender.ListAsync(MailFolder.Sent)).Count); // each mailbox has its own clock: the sender's has not ticked
    }
}
