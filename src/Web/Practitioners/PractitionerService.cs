using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Contracts.Structures;
using Collab.Crypto;
using Collab.Web.Account;

namespace Collab.Web.Practitioners;

/// <summary>What an account administrator decides about an account.</summary>
public enum AccountDecision
{
    Validate = 1,
    Reject = 2,
    Suspend = 3,
    Reactivate = 4,
    Restrict = 5,
}

/// <summary>
/// Practitioners as others see and administer them: a colleague's card, display names, the decisions of an
/// account's administrators, and the admin-assisted password reset (whose key handling happens here, with the
/// administrator's session keys). One service for the <c>/api/v1/practitioners</c> endpoints and the pages.
/// </summary>
public sealed class PractitionerService(IClusterClient cluster, SessionKeyStore sessions, PasswordWork work)
{
    /// <summary>What <paramref name="caller"/> may see of an account (the directory's card, or more for its administrators); null when hidden.</summary>
    public Task<PractitionerCard?> CardAsync(Guid id, Caller caller) => Account(id).GetCard(caller);

    /// <summary>The whole profile, for its holder, its structure's administrators and the operator.</summary>
    public Task<PractitionerProfile?> ProfileAsync(Guid id, Caller caller) => Account(id).GetProfile(caller);

    /// <summary>Applies an administrator's decision (a refusal or a suspension with the reason told to the person) and returns the account as it now stands.</summary>
    public async Task<PractitionerProfile> DecideAsync(Guid id, AccountDecision decision, Caller caller, string? reason = null)
    {
        var account = cluster.Grain<IPractitionerStandingGrain>(id);
        await (decision switch
        {
            AccountDecision.Validate => account.Validate(caller),
            AccountDecision.Reject => account.Reject(caller, reason),
            AccountDecision.Suspend => account.Suspend(caller, reason),
            AccountDecision.Reactivate => account.Reactivate(caller),
            AccountDecision.Restrict => account.Restrict(caller),
            _ => throw DomainException.Invalid([new("decision", "is validate, reject, suspend, reactivate or restrict")]),
        });
        return (await Account(id).GetProfile(caller))!;
    }

    /// <summary>Tells the holder, in the administrator's words, that their account may be restricted.</summary>
    public async Task<PractitionerProfile> WarnOfRestrictionAsync(Guid id, string? reason, Caller caller)
    {
        await cluster.Grain<IPractitionerStandingGrain>(id).WarnOfRestriction(reason ?? "", caller);
        return (await Account(id).GetProfile(caller))!;
    }

    /// <summary>
    /// Admin-assisted reset: the administrator's session key opens the structure's recovery key, which opens the
    /// member's escrow; the member's same private key is wrapped under a temporary password (the grain then ends
    /// the member's sessions on every node). Content stays readable; the member changes the password at login.
    /// </summary>
    public async Task ResetPasswordAsync(Guid id, string? temporaryPassword, HttpContext http)
    {
        var caller = Access.HttpCaller.From(http);
        var profile = await Account(id).GetProfile(caller) ?? throw new DomainException(DomainErrorCode.NotFound, $"Practitioner {id} is not registered.");
        AccountService.RequireAcceptablePassword(temporaryPassword, "temporaryPassword", profile.LastName, profile.FirstName);

        var member = cluster.Grain<IPractitionerKeysGrain>(id);
        var escrow = await member.GetEscrow(caller) ?? throw DomainException.Invalid([new("escrow", "this account has no escrow: it can only be recovered with its recovery code")]);
        var structure = cluster.Grain<IStructureGrain>(profile.Structure!.Value);
        var sealedRecovery = await structure.GetRecoveryKey(new PractitionerId(caller.PractitionerId!.Value), caller)
            ?? throw new DomainException(DomainErrorCode.Forbidden, "You do not hold this structure's recovery key; ask an administrator who does.");
        var recoveryPublic = (await structure.Get())!.RecoveryPublicKey!;

        byte[] wrapped;
        using (var adminKeys = SessionKeys.Unlock(sessions, SessionCookies.TicketOf(http.User)))
        using (var recovery = UserKeyPair.FromPrivateKey(KeySealing.Open(sealedRecovery, adminKeys), recoveryPublic))
        using (var memberKeys = UserKeyWrapping.OpenEscrow(escrow.EscrowSealed!, escrow.PublicKey, recovery))
        {
            wrapped = await work.RunAsync(() => UserKeyWrapping.WrapWithPassword(memberKeys, temporaryPassword!, work.Kdf), http.RequestAborted);
        }

        await member.ResetPasswordByAdministrator(wrapped, caller);
    }

    /// <summary>"Dr First Last" for each practitioner named by something the viewer may see (a consultation's parties, a group's members).</summary>
    public async Task<Dictionary<PractitionerId, string>> NamesAsync(IEnumerable<PractitionerId?> ids)
    {
        var names = new Dictionary<PractitionerId, string>();
        foreach (var id in ids.OfType<PractitionerId>().Distinct())
        {
            var name = await Account(id.Value).GetName();
            names[id] = name is null ? id.ToString() : $"{(name.Profession == Profession.Physician ? "Dr " : "")}{name.FirstName} {name.LastName}";
        }

        return names;
    }

    private IPractitionerGrain Account(Guid id) => cluster.Grain<IPractitionerGrain>(id);
}
