using System.Text.Json;
using Collab.Contracts.Access;
using Collab.Contracts.Compliance;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Contracts.Structures;
using Collab.Grains.Access;
using Collab.Grains.Audit;
using Collab.Grains.Notifications;
using Microsoft.Extensions.Logging;

namespace Collab.Grains.Compliance;

public sealed class BreachRegisterGrain(
    [PersistentState("breaches", StorageNames.Collab)] IPersistentState<BreachRegisterState> state,
    IAuditTrail audit,
    IEmailSender email,
    Directory.IDirectory directory,
    TimeProvider clock,
    ILogger<BreachRegisterGrain> logger) : Grain, IBreachRegisterGrain
{
    private const string ObjectType = "breach";
    private const int MaxText = 4000;
    private const int MaxNoticesPerCall = 10_000;

    public override Task OnActivateAsync(CancellationToken cancellationToken) => state.FlushAuditAsync(audit);

    public async Task<BreachView> Record(BreachReport report, Caller caller)
    {
        await AccessRules.RequireOperator(GrainFactory, caller, "record a data breach");
        var now = clock.GetUtcNow();
        var errors = new List<FieldError>();
        Text(errors, "what", report.What, required: true);
        Text(errors, "data", report.Data, required: true);
        Text(errors, "cause", report.Cause, required: true);
        Text(errors, "measures", report.Measures, required: false);
        if (report.DetectedAt > now.AddMinutes(5))
        {
            errors.Add(new("detectedAt", "cannot be in the future"));
        }

        if (report.OccurredAt > report.DetectedAt)
        {
            errors.Add(new("occurredAt", "cannot be after the detection"));
        }

        if (errors.Count > 0)
        {
            throw DomainException.Invalid(errors);
        }

        var clean = report with { What = report.What.Trim(), Data = report.Data.Trim(), Cause = report.Cause.Trim(), Measures = report.Measures?.Trim() is { Length: > 0 } m ? m : null };
        var breach = new BreachView(Guid.CreateVersion7(now), clean, now, caller.Actor, clean.DetectedAt + BreachView.NotificationDelay, []);
        state.State.Breaches.Add(breach);
        await state.WriteAuditedAsync(audit, Event(caller, "breach.record", breach, 0), logger);
        return breach;
    }

    public async Task<BreachView> Notify(Guid breach, BreachAudience affected, Caller caller)
    {
        await AccessRules.RequireOperator(GrainFactory, caller, "notify a data breach");
        var index = state.State.Breaches.FindIndex(b => b.Id == breach);
        if (index < 0)
        {
            throw new DomainException(DomainErrorCode.NotFound, $"Breach {breach} is not in the register.");
        }

        var practitioners = new List<Guid>(affected.Practitioners ?? []);
        foreach (var structure in affected.Structures ?? [])
        {
            if (await GrainFactory.Grain<IStructureGrain>(structure).Get() is null)
            {
                throw DomainException.Invalid([new("structures", $"no structure {structure}; nobody was notified")]);
            }

            practitioners.AddRange((await directory.EntriesAsync(structure)).Where(e => e.Kind == Contracts.Directory.DirectoryKind.Practitioner).Select(e => e.Id));
        }

        foreach (var address in affected.Emails ?? [])
        {
            practitioners.Add(await directory.FindByEmailAsync(address)
                ?? throw DomainException.Invalid([new("emails", $"no account uses {address.Trim()}; nobody was notified")]));
        }

        if (practitioners.Count is 0 or > MaxNoticesPerCall)
        {
            throw DomainException.Invalid([new("practitioners", $"select from 1 to {MaxNoticesPerCall} affected users")]);
        }

        var current = state.State.Breaches[index];
        var already = current.Notified.Select(n => n.Practitioner).ToHashSet();
        var recipients = new List<PractitionerProfile>();
        var unknown = new List<Guid>();
        foreach (var id in practitioners.Distinct().Where(id => !already.Contains(id)))
        {
            if (await GrainFactory.Grain<IPractitionerGrain>(id).GetProfile(Caller.System("breach")) is { } profile)
            {
                recipients.Add(profile);
            }
            else
            {
                unknown.Add(id);
            }
        }

        if (unknown.Count > 0)
        {
            throw DomainException.Invalid([new("practitioners", $"no account for {string.Join(", ", unknown.Take(5))}{(unknown.Count > 5 ? "…" : "")}; nobody was notified")]);
        }

        var notices = new List<BreachNotice>();
        foreach (var recipient in recipients)
        {
            await email.SendAsync(recipient.Email, Notices.Text(recipient.Language, "Breach.Subject"), Message(current, recipient.Language));
            notices.Add(new BreachNotice(recipient.Id.Value, recipient.Email, clock.GetUtcNow()));
        }

        var updated = current with { Notified = [.. current.Notified, .. notices] };
        state.State.Breaches[index] = updated;
        await state.WriteAuditedAsync(audit, Event(caller, "breach.notify", updated, notices.Count), logger);
        return updated;
    }

    public async Task<IReadOnlyList<BreachView>> List(Caller caller)
    {
        await AccessRules.RequireOperator(GrainFactory, caller, "read the breach register");
        return state.State.Breaches.OrderByDescending(b => b.RecordedAt).ToList();
    }

    /// <summary>The notice, in the recipient's language: the facts the operator recorded (never health data: the operator cannot read any).</summary>
    private static string Message(BreachView breach, string language)
    {
        var r = breach.Report;
        string Line(string name, params object?[] args) => Notices.Text(language, "Breach." + name, args);
        return string.Join('\n', new[]
        {
            Line("Intro"),
            "",
            Line("What", r.What),
            Line("When", ParisTime.Text(r.OccurredAt), ParisTime.Text(r.DetectedAt)),
            Line("Data", r.Data),
            Line("Cause", r.Cause),
            r.Measures is { } m ? Line("Measures", m) : null,
            "",
            Line("Contact", breach.Id), // whole: the ids are time-ordered, so their first characters repeat between breaches
        }.Where(line => line is not null));
    }

    private static void Text(List<FieldError> errors, string field, string? value, bool required)
    {
        if (required && string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, "is required"));
        }
        else if (value is { Length: > MaxText })
        {
            errors.Add(new(field, $"must be at most {MaxText} characters"));
        }
    }

    private AuditEvent Event(Caller caller, string action, BreachView breach, int notified) =>
        AuditEvent.Of(clock, caller, AuditCategory.Functional, action, ObjectType, breach.Id.ToString(), detail: JsonSerializer.Serialize(new
        {
            deadline = breach.NotificationDeadline,
            notified,
            totalNotified = breach.Notified.Count,
            late = breach.Notified.Count(n => n.At > breach.NotificationDeadline),
        }));
}
