using Collab.Contracts.Access;
using Collab.Contracts.Consultations;
using Collab.Testing;
using Collab.Web.Consultations;

namespace Collab.GrainTests.Consultations;

public sealed class NoticesAndReminderTests : ClusterTest
{
    protected override DateTimeOffset? ClockStart => new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_new_request_an_unanswered_one_after_5_days_and_an_opinion_are_notified_without_health_data()
    {
        var gp = await Clinician.RegisterAsync(Grains, "Generaliste");
        var first = await Clinician.RegisterAsync(Grains, "Premiere");
        var second = await Clinician.RegisterAsync(Grains, "Second", phone: "+33611223344");
        await second.Grain.SetSmsNotifications(true, second.Caller);
        var noPhone = await Assert.ThrowsAsync<Collab.Contracts.Errors.DomainException>(() => first.Grain.SetSmsNotifications(true, first.Caller));
        var service = await first.FoundGroupAsync("Cardiologie", second);
        var id = Guid.NewGuid();
        var client = await gp.ClientAsync();
        await client.CreateDraftAsync(Clinician.Request(null, service) with { Patient = new PatientIdentity("Secretnom", "Jeanne", new DateOnly(1969, 2, 14), PatientSex.Female, null) }, id);
        var consultation = Grains.GetGrain<IConsultationGrain>(id);
        var reminder = consultation.AsReference<IRemindable>();
        Task<long> Reminders() => Database.ScalarAsync<long>("SELECT count(*) FROM orleans_reminder WHERE reminder_name = 'unanswered'");
        int Notices(string to, string subject) => Outbox.Messages.Count(m => m.To == to && (m.Subject ?? m.Body).Contains(subject, StringComparison.Ordinal));

        await consultation.Act(ConsultationAction.Send, new(), gp.Caller);
        var registered = await Reminders();
        await Eventually.TrueAsync(() => Notices("premiere@example.org", "nouvelle demande") == 1 && Notices("second@example.org", "nouvelle demande") == 1, "the new-request emails");
        Clock.Advance(TimeSpan.FromDays(4));
        await reminder.ReceiveReminder("unanswered", default);
        var afterFourDays = Notices("premiere@example.org", "en attente");
        Clock.Advance(TimeSpan.FromDays(1));
        await reminder.ReceiveReminder("unanswered", default);
        await reminder.ReceiveReminder("unanswered", default); // a later tick reminds no one again, and ends the reminder
        await Eventually.TrueAsync(() => Notices("premiere@example.org", "en attente") == 1 && Notices("second@example.org", "en attente") == 1, "the reminder emails");

        await (await second.ClientAsync()).ActAsync(id, ConsultationAction.Accept);
        Clock.Advance(TimeSpan.FromHours(3));
        await (await second.ClientAsync()).AnswerAsync(id, "Holter sous 15 jours.", "TE2");
        await Eventually.TrueAsync(() => Notices("generaliste@example.org", "avis reçu") == 1, "the opinion email");

        Assert.Equal(0, afterFourDays);
        Assert.True(await second.Grain.GetSmsNotifications(second.Caller));
        Assert.False(await first.Grain.GetSmsNotifications(first.Caller));
        Assert.Equal("sms", Assert.Single(noPhone.Errors).Field);
        Assert.DoesNotContain(Outbox.Messages, m => m.Channel == "sms" && m.To != "+33611223344");
        Assert.Equal(1, registered);
        Assert.Equal(0, await Reminders());
        Assert.Contains(Outbox.Messages, m => m.Channel == "sms" && m.To == "+33611223344" && m.Body.Contains("5 jours", StringComparison.Ordinal));
        Assert.DoesNotContain(Outbox.Messages, m => m.Body.Contains("Secretnom", StringComparison.Ordinal) || (m.Subject ?? "").Contains("Secretnom", StringComparison.Ordinal));
        Assert.Equal(TimeSpan.FromDays(5) + TimeSpan.FromHours(3), TimeSpan.FromSeconds(await Database.ScalarAsync<double>(
            $"SELECT extract(epoch FROM answered_at - requested_at)::float8 FROM consultation_index WHERE consultation_id = '{id}'"))); // the response time, for statistics
        Assert.Equal(Caller.System("reminder").Actor, await Database.ScalarAsync<string>($"SELECT actor FROM audit_event WHERE object_id = '{id}' AND action = 'consultation.remind'"));
    }
}
