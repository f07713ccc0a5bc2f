using Collab.Contracts.Mailboxes;
using Collab.Grains.Retention;
using Collab.Silo.Audit;
using Collab.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Collab.GrainTests.Mailboxes;

/// <summary>
/// A mailbox's messages are destroyed 3 months after they arrived, with a certificate; younger ones stay. A mailbox nobody
/// uses is warned weekly from month 10 and closed at month 12, with a certificate.
/// </summary>
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

    [Fact]
    public async Task A_silent_mailbox_is_warned_weekly_from_month_10_and_closed_at_month_12_with_a_certificate_while_an_opening_starts_the_count_again()
    {
        var lab = await Clinician.RegisterAsync(Grains, "Biologie");
        var gp = await Clinician.RegisterAsync(Grains, "Silencieux");
        await (await lab.MailAsync(Services)).SendAsync([gp.Id.Value.ToString()], "Bilan", "Ferritine 12 µg/L.");
        var reader = await gp.MailAsync(Services);
        Clock.SetUtcNow(Day0.AddDays(20));
        await reader.OpenAsync((await reader.ListAsync(MailFolder.Inbox)).Single().Sequence); // the last activity: day 20
        var ticks = Grains.GetGrain<IMailboxGrain>(gp.Id.Value).AsReference<IRemindable>();
        int Warnings() => Outbox.Messages.Count(m => m.To == "silencieux@example.org" && (m.Subject ?? "").Contains("inutilisée", StringComparison.Ordinal));
        async Task<int> WarningsAfterDayAsync(int day)
        {
            Clock.SetUtcNow(Day0.AddDays(20 + day).AddHours(1));
            await ticks.ReceiveReminder(RetentionTimer.ReminderName, default);
            await Task.Delay(50); // the notice goes out beside the tick
            return Warnings();
        }

        Assert.Equal(0, await WarningsAfterDayAsync(303));
        Assert.Equal(1, await WarningsAfterDayAsync(304)); // month 10
        Assert.Equal(1, await WarningsAfterDayAsync(308));
        Assert.Equal(2, await WarningsAfterDayAsync(311)); // a week later
        Assert.Equal(3, await WarningsAfterDayAsync(318));
        var beforeClosing = await DeletionCertificates.FindAsync(Database.DataSource, Services.GetRequiredService<AuditSigningKey>(), gp.Id.Value.ToString());
        Assert.DoesNotContain(beforeClosing, c => c.Signed.Read().Reason.StartsWith("inactivity", StringComparison.Ordinal));
        await WarningsAfterDayAsync(365); // month 12
        var closed = Assert.Single(await DeletionCertificates.FindAsync(Database.DataSource, Services.GetRequiredService<AuditSigningKey>(), gp.Id.Value.ToString()),
            c => c.Signed.Read().Reason.StartsWith("inactivity", StringComparison.Ordinal));
        Assert.Null(closed.Problem);
        Assert.Equal(0L, await Database.ScalarAsync<long>($"SELECT count(*) FROM mail_item WHERE mailbox_id = '{gp.Id.Value}'"));
        Assert.Equal(3, await WarningsAfterDayAsync(380)); // closed: no more warnings

        // A used mailbox is not warned: the lab's own (its sent copy) was active on day 0, then it logs in on day 300.
        var labTicks = Grains.GetGrain<IMailboxGrain>(lab.Id.Value).AsReference<IRemindable>();
        await Grains.GetGrain<IMailboxGrain>(lab.Id.Value).Touch();
        await labTicks.ReceiveReminder(RetentionTimer.ReminderName, default);
        Assert.DoesNotContain(Outbox.Messages, m => m.To == "biologie@example.org" && (m.Subject ?? "").Contains("inutilisée", StringComparison.Ordinal));
    }
}
