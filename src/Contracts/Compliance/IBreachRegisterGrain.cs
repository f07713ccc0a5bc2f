using Collab.Contracts.Access;

namespace Collab.Contracts.Compliance;

/// <summary>
/// The platform's register of personal data breaches (one grain, key 0): the operator records an
/// incident, selects the affected users and notifies them by email. Affected users must be told
/// within <see cref="BreachView.NotificationDeadline"/> (48 hours after detection); every step is
/// traced with the deadline. Operator only.
/// </summary>
public interface IBreachRegisterGrain : IGrainWithIntegerKey
{
    /// <summary>Records an incident. InvalidInput names each missing or too long field.</summary>
    Task<BreachView> Record(BreachReport report, Caller caller);

    /// <summary>
    /// Emails each affected practitioner not yet notified of <paramref name="breach"/> (the incident's
    /// facts, never health data) and records when. Practitioners already notified are skipped; an
    /// unknown practitioner or structure is an InvalidInput error and nobody is notified.
    /// </summary>
    Task<BreachView> Notify(Guid breach, BreachAudience affected, Caller caller);

    /// <summary>Every recorded incident, newest first.</summary>
    Task<IReadOnlyList<BreachView>> List(Caller caller);
}
