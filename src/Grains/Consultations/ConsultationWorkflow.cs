using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;

namespace Collab.Grains.Consultations;

/// <summary>
/// The status machine of a tele-expertise request: which action moves which status where, and who
/// may take it. Everything else is refused with a typed error naming the status and the action.
/// </summary>
public static class ConsultationWorkflow
{
    private static readonly Dictionary<ConsultationAction, (ConsultationStatus[] From, ConsultationStatus To, ConsultationRole[] By)> Rules = new()
    {
        [ConsultationAction.Send] = ([ConsultationStatus.Draft], ConsultationStatus.Requested, [ConsultationRole.Requester]),
        [ConsultationAction.Accept] = ([ConsultationStatus.Requested], ConsultationStatus.Accepted, [ConsultationRole.Required]),
        [ConsultationAction.Answer] = ([ConsultationStatus.Accepted], ConsultationStatus.Answered, [ConsultationRole.Accepter]),
        [ConsultationAction.Close] = ([ConsultationStatus.Answered], ConsultationStatus.Closed, [ConsultationRole.Requester, ConsultationRole.Accepter]),
        [ConsultationAction.Decline] = ([ConsultationStatus.Requested, ConsultationStatus.Accepted], ConsultationStatus.Declined, [ConsultationRole.Required, ConsultationRole.Accepter]),
        [ConsultationAction.Cancel] = ([ConsultationStatus.Draft, ConsultationStatus.Requested, ConsultationStatus.Accepted], ConsultationStatus.Cancelled, [ConsultationRole.Requester]),
    };

    /// <summary>The status after <paramref name="action"/>, or a Forbidden / Conflict error.</summary>
    public static ConsultationStatus Next(ConsultationStatus current, ConsultationAction action, ConsultationRole role)
    {
        if (!Rules.TryGetValue(action, out var rule))
        {
            throw DomainException.Invalid([new("action", "is not a consultation action")]);
        }

        if (!rule.By.Contains(role))
        {
            throw new DomainException(DomainErrorCode.Forbidden, $"Not allowed: {action} by {(role == ConsultationRole.None ? "a non-participant" : role.ToString())}.");
        }

        return rule.From.Contains(current)
            ? rule.To
            : throw new DomainException(DomainErrorCode.Conflict, $"A {current} consultation cannot be {Past(action)}.");
    }

    /// <summary>The actions <paramref name="role"/> may take now (what the UI offers).</summary>
    public static IReadOnlyList<ConsultationAction> Available(ConsultationStatus current, ConsultationRole role) =>
        Rules.Where(r => r.Value.From.Contains(current) && r.Value.By.Contains(role)).Select(r => r.Key).Order().ToList();

    /// <summary>Whether the status is final (nothing moves it any more).</summary>
    public static bool IsFinal(ConsultationStatus status) =>
        status is ConsultationStatus.Closed or ConsultationStatus.Declined or ConsultationStatus.Cancelled;

    private static string Past(ConsultationAction action) => action switch
    {
        ConsultationAction.Send => "sent",
        ConsultationAction.Accept => "accepted",
        ConsultationAction.Answer => "answered",
        ConsultationAction.Close => "closed",
        ConsultationAction.Decline => "declined",
        _ => "cancelled",
    };
}
