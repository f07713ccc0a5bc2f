using System.Security.Cryptography;
using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Grains.Access;
using Collab.Grains.Audit;
using Collab.Grains.Notifications;

namespace Collab.Grains.Practitioners;

/// <summary>
/// The account's email address, proved by a code sent there: at registration (an administrator validates only a
/// proved address), when the holder moves to a new one (it changes only once the code comes back), and by any login
/// with an emailed code.
/// </summary>
public sealed partial class PractitionerGrain
{
    public async Task SendEmailProof(Caller caller)
    {
        _ = Profile;
        AccessRules.RequireSelf(caller, Id, "send a proof code for another practitioner's email");
        await SendEmailCodeAsync(caller);
    }

    public async Task BeginEmailChange(string email, Caller caller)
    {
        var profile = Profile;
        AccessRules.RequireSelf(caller, Id, "change another practitioner's email");
        email = (email ?? "").Trim().ToLowerInvariant();
        if (PractitionerRules.CheckEmail(email) is { Count: > 0 } errors)
        {
            throw DomainException.Invalid(errors);
        }

        if (email == profile.Email || await _directory.FindByEmailAsync(email) is not null)
        {
            throw new DomainException(DomainErrorCode.Conflict, "An account with this email exists already.", [new("email", "is already registered: choose another address")]);
        }

        _state.State.PendingEmail = email;
        await SendEmailCodeAsync(caller);
    }

    public async Task ConfirmEmail(string code, Caller caller)
    {
        var profile = Profile;
        await Throttle.Check(caller);
        var state = _state.State;
        var now = _clock.GetUtcNow();
        if (state.EmailCodeHash is not { } hash || state.EmailCodeExpiresAt <= now || !CryptographicOperations.FixedTimeEquals(hash, CodeHash(code ?? "")))
        {
            await _state.WriteAuditedAsync(_audit, Event(caller, "email.prove", AuditCategory.Access, AuditOutcome.Failed), _logger);
            await Throttle.Fail(caller);
            throw new DomainException(DomainErrorCode.Unauthenticated, "The code is wrong, used or expired.");
        }

        state.EmailCodeHash = null; // single use
        state.EmailCodeExpiresAt = null;
        if (state.PendingEmail is { } email)
        {
            if (!await _directory.MoveEmailAsync(Id.Value, profile.Email, email))
            {
                state.PendingEmail = null;
                await _state.WriteAuditedAsync(_audit, Event(caller, "email.change", outcome: AuditOutcome.Refused), _logger);
                throw new DomainException(DomainErrorCode.Conflict, "An account with this email exists already.", [new("email", "is already registered: choose another address")]);
            }

            state.Profile = profile with { Email = email };
            state.PendingEmail = null;
            state.EmailProvedAt = now;
            await _state.WriteAuditedAsync(_audit, Event(caller, "email.change"), _logger);
            await PublishAsync();
            var (subject, text) = Notices.Of(profile.Language, "EmailChanged", email);
            await _email.SendAsync(profile.Email, subject, text); // the old address learns of it: whoever did not ask for it can react
            return;
        }

        state.EmailProvedAt = now;
        await _state.WriteAuditedAsync(_audit, Event(caller, "email.prove"), _logger);
    }

    // A code to the address waiting to be proved: the pending new one, else the account's own.
    private async Task SendEmailCodeAsync(Caller caller)
    {
        var state = _state.State;
        var now = _clock.GetUtcNow();
        if (CodeRefusal(state.EmailCodesSentAt, now) is { } refusal)
        {
            throw refusal;
        }

        var code = NewCode();
        state.EmailCodeHash = CodeHash(code);
        state.EmailCodeExpiresAt = now + CodeLifetime;
        state.EmailCodesSentAt.Add(now);
        await _state.WriteAuditedAsync(_audit, Event(caller, "email.code", AuditCategory.Access), _logger);
        var (subject, text) = Notices.Of(Profile.Language, "EmailProof", code);
        await _email.SendAsync(state.PendingEmail ?? Profile.Email, subject, text);
    }
}
