using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Contracts.Structures;
using Collab.Crypto;
using Collab.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Collab.Web.Practitioners;

/// <summary><c>/api/v1/practitioners</c>: read a profile; validate, reject, suspend, reactivate an account; warn of and apply a restriction after unusual access.</summary>
public static class PractitionersApi
{
    public static RouteGroupBuilder MapPractitionersApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/practitioners").WithTags("Practitioners");
        group.MapGet("/{id:guid}", Get).WithName("GetPractitioner");
        group.MapPost("/{id:guid}/validate", (Guid id, IClusterClient cluster, HttpContext http) => Change(id, cluster, http, (g, c) => g.Validate(c)));
        group.MapPost("/{id:guid}/reject", (Guid id, IClusterClient cluster, HttpContext http) => Change(id, cluster, http, (g, c) => g.Reject(c)));
        group.MapPost("/{id:guid}/suspend", (Guid id, IClusterClient cluster, HttpContext http) => Change(id, cluster, http, (g, c) => g.Suspend(c)));
        group.MapPost("/{id:guid}/reactivate", (Guid id, IClusterClient cluster, HttpContext http) => Change(id, cluster, http, (g, c) => g.Reactivate(c)));
        group.MapPost("/{id:guid}/restriction-warning", (Guid id, RestrictionWarning warning, IClusterClient cluster, HttpContext http) =>
            Change(id, cluster, http, (g, c) => g.WarnOfRestriction(warning.Reason ?? "", c))).ProducesValidationProblem();
        group.MapPost("/{id:guid}/restrict", (Guid id, IClusterClient cluster, HttpContext http) => Change(id, cluster, http, (g, c) => g.Restrict(c)));
        group.MapPost("/{id:guid}/escrow-reset", EscrowReset).ProducesValidationProblem();
        return group;
    }

    // What the directory shows a colleague; the account's facts only for its holder, its structure's admins and the operator.
    private static async Task<Results<Ok<PractitionerResponse>, NotFound>> Get(Guid id, IClusterClient cluster, HttpContext http)
    {
        var card = await cluster.GetGrain<IPractitionerGrain>(id).GetCard(HttpCaller.From(http));
        return card is null ? TypedResults.NotFound() : TypedResults.Ok(PractitionerResponse.From(card));
    }

    /// <summary>
    /// Admin-assisted reset: the administrator's session key opens the structure's recovery key,
    /// which opens the member's escrow; the member's same private key is wrapped under a temporary
    /// password, and their sessions end. Content stays readable; the member changes the password at login.
    /// </summary>
    private static async Task<NoContent> EscrowReset(Guid id, EscrowResetRequest request, IClusterClient cluster, HttpContext http)
    {
        var caller = HttpCaller.From(http);
        var member = cluster.GetGrain<IPractitionerGrain>(id);
        var profile = await member.GetProfile(caller) ?? throw new DomainException(DomainErrorCode.NotFound, $"Practitioner {id} is not registered.");
        Account.AccountFlows.RequireAcceptablePassword(request.TemporaryPassword, "temporaryPassword", profile.LastName, profile.FirstName);

        var escrow = await member.GetEscrow(caller) ?? throw DomainException.Invalid([new("escrow", "this account has no escrow: it can only be recovered with its recovery code")]);
        var structureId = profile.Structure!.Value;
        var structure = cluster.GetGrain<IStructureGrain>(structureId);
        var sealedRecovery = await structure.GetRecoveryKey(new PractitionerId(caller.PractitionerId!.Value), caller)
            ?? throw new DomainException(DomainErrorCode.Forbidden, "You do not hold this structure's recovery key; ask an administrator who does.");
        var recoveryPublic = (await structure.Get())!.RecoveryPublicKey!;

        byte[] wrapped;
        using (var adminKeys = Account.SessionKeys.Unlock(http))
        using (var recovery = UserKeyPair.FromPrivateKey(KeySealing.Open(sealedRecovery, adminKeys), recoveryPublic))
        using (var memberKeys = UserKeyWrapping.OpenEscrow(escrow.EscrowSealed!, escrow.PublicKey, recovery))
        {
            wrapped = await http.RequestServices.GetRequiredService<Account.PasswordWork>()
                .RunAsync(() => UserKeyWrapping.WrapWithPassword(memberKeys, request.TemporaryPassword!, PasswordKdf.Default), http.RequestAborted);
        }

        await member.ResetPasswordByAdministrator(wrapped, caller); // which ends the member's sessions on every node
        return TypedResults.NoContent();
    }

    // The grain decides: operator, or an administrator of the account's own structure (403 otherwise).
    private static async Task<Ok<PractitionerResponse>> Change(Guid id, IClusterClient cluster, HttpContext http, Func<IPractitionerGrain, Contracts.Access.Caller, Task> change)
    {
        var grain = cluster.GetGrain<IPractitionerGrain>(id);
        var caller = HttpCaller.From(http);
        await change(grain, caller);
        return TypedResults.Ok(PractitionerResponse.From((await grain.GetProfile(caller))!));
    }
}
