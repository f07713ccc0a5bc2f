using Collab.Contracts.Errors;
using Collab.Contracts.Keys;
using Collab.Contracts.Practitioners;
using Collab.Contracts.Structures;
using Collab.Grains.Crypto;
using Collab.Grains.Practitioners;
using Collab.Web.Access;
using Collab.Web.Practitioners;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Collab.Web.Account;

/// <summary>
/// <c>/account</c>: registration, the two steps of a login, logout, and the account holder's own
/// settings. The crypto boundary runs through here: keys are created, unwrapped and kept for the
/// session on this side; grains only ever receive envelopes.
/// </summary>
public static class AccountEndpoints
{
    public static RouteGroupBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/account").WithTags("Account");
        group.MapPost("/register", Register).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/login", Login).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/login/code", SendCode);
        group.MapPost("/login/verify", Verify).ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPost("/logout", Logout);
        group.MapGet("/me", Me).RequireAuthorization();
        group.MapPost("/terms", AcceptTerms).RequireAuthorization();
        group.MapPost("/totp", BeginTotp).RequireAuthorization();
        group.MapPost("/totp/confirm", ConfirmTotp).RequireAuthorization();
        group.MapGet("/devices", Devices).RequireAuthorization();
        group.MapDelete("/devices/{id:guid}", RevokeDevice).RequireAuthorization();
        return group;
    }

    private static async Task<Created<RegisteredResponse>> Register(RegisterRequest request, IClusterClient cluster, HttpContext http)
    {
        var registration = request.ToRegistration();
        var errors = PractitionerRules.Check(registration).Concat(PasswordPolicy.Check(request.Password, request.LastName, request.FirstName, request.Email?.Split('@')[0])).ToList();
        if (!request.AcceptTerms)
        {
            errors.Add(new FieldError("acceptTerms", "the terms of use must be accepted"));
        }

        if (errors.Count > 0)
        {
            throw DomainException.Invalid(errors);
        }

        var escrowKey = registration.Structure is { } structure ? (await cluster.GetGrain<IStructureGrain>(structure).Get())?.RecoveryPublicKey : null;
        using var keys = UserKeyPair.Generate();
        using var recovery = RecoveryCode.New();
        var material = new UserKeyMaterial(
            keys.PublicKey,
            UserKeyWrapping.WrapWithPassword(keys, request.Password!, PasswordKdf.Default),
            UserKeyWrapping.WrapWithRecoveryCode(keys, recovery),
            escrowKey is null ? null : UserKeyWrapping.SealToEscrow(keys, escrowKey));

        var id = PractitionerId.New();
        var terms = http.RequestServices.GetRequiredService<IConfiguration>().GetValue("Terms:Version", 1);
        var result = await cluster.GetGrain<IPractitionerGrain>(id.Value).Register(
            registration with { AcceptedTermsVersion = terms, Keys = material }, HttpCaller.From(http));
        return TypedResults.Created($"/api/v1/practitioners/{id}", new RegisteredResponse(
            PractitionerResponse.From(result.Profile), recovery.ToString(), result.Warnings.Select(w => new WarningResponse(w.Field, w.Rule)).ToList()));
    }

    private static async Task<Ok<LoginStepResponse>> Login(
        LoginRequest request, IClusterClient cluster, SessionKeyStore sessions, IDataProtectionProvider protection, TimeProvider clock, HttpContext http)
    {
        var caller = HttpCaller.From(http);
        var id = await cluster.GetGrain<Contracts.Directory.IDirectoryGrain>(0).FindByEmail(request.Email ?? "");
        if (id is null)
        {
            // Same answer after the same Argon2id work as a wrong password: emails are not enumerable here.
            try
            {
                UserKeyWrapping.UnwrapWithPassword(Decoy.Value.Wrapped, Decoy.Value.PublicKey, request.Password ?? "").Dispose();
            }
            catch (CryptoException)
            {
            }

            throw WrongCredentials();
        }

        var account = cluster.GetGrain<IPractitionerGrain>(id.Value);
        var challenge = await account.BeginLogin(caller);
        UserKeyPair keys;
        try
        {
            keys = UserKeyWrapping.UnwrapWithPassword(challenge.PasswordWrapped, challenge.PublicKey, request.Password ?? "");
        }
        catch (CryptoException e) when (e.Failure == CryptoFailure.WrongPassword)
        {
            await account.PasswordFailed(caller);
            throw WrongCredentials();
        }

        using (keys)
        {
            await account.PasswordSucceeded(caller);
            if (http.Request.Cookies.TryGetValue(SessionCookies.DeviceCookie, out var device))
            {
                try
                {
                    await account.CompleteLogin(SecondFactor.RememberedDevice, device, caller);
                    await SignInAsync(http, sessions, clock, id.Value, keys);
                    return TypedResults.Ok(new LoginStepResponse(true, []));
                }
                catch (DomainException e) when (e.Code == DomainErrorCode.Unauthenticated)
                {
                    http.Response.Cookies.Delete(SessionCookies.DeviceCookie); // revoked or expired: ask for a code
                }
            }

            SessionCookies.SetPendingLogin(http, protection, id.Value, sessions.Open(id.Value, keys, TimeSpan.FromMinutes(10)));
        }

        return TypedResults.Ok(new LoginStepResponse(false, challenge.SecondFactors.Where(f => f != SecondFactor.RememberedDevice).ToList()));
    }

    private static async Task<NoContent> SendCode(SendCodeRequest request, IClusterClient cluster, IDataProtectionProvider protection, HttpContext http)
    {
        var pending = SessionCookies.PendingLogin(http, protection) ?? throw new DomainException(DomainErrorCode.Unauthenticated, "Enter your password first.");
        await cluster.GetGrain<IPractitionerGrain>(pending.Practitioner).SendLoginCode(request.Channel, HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    private static async Task<Ok<LoginStepResponse>> Verify(
        VerifyRequest request, IClusterClient cluster, SessionKeyStore sessions, IDataProtectionProvider protection, TimeProvider clock, HttpContext http)
    {
        var pending = SessionCookies.PendingLogin(http, protection) ?? throw new DomainException(DomainErrorCode.Unauthenticated, "Enter your password first.");
        var account = cluster.GetGrain<IPractitionerGrain>(pending.Practitioner);
        await account.CompleteLogin(request.Factor, request.Code ?? "", HttpCaller.From(http));

        UserKeyPair keys;
        try
        {
            keys = sessions.Unlock(pending.Ticket);
        }
        catch (CryptoException)
        {
            throw new DomainException(DomainErrorCode.Unauthenticated, "The login took too long: enter your password again.");
        }

        using (keys)
        {
            sessions.Destroy(pending.Ticket.SessionId);
            SessionCookies.ClearPendingLogin(http);
            await SignInAsync(http, sessions, clock, pending.Practitioner, keys);
        }

        if (request.RememberDevice)
        {
            var anonymous = HttpCaller.From(http);
            var self = Contracts.Access.Caller.Practitioner(pending.Practitioner, anonymous.IpAddress, anonymous.UserAgent);
            var token = await account.RememberDevice(request.DeviceName ?? anonymous.UserAgent ?? "", self);
            SessionCookies.SetDevice(http, token);
        }

        return TypedResults.Ok(new LoginStepResponse(true, []));
    }

    private static async Task<NoContent> Logout(SessionKeyStore sessions, HttpContext http)
    {
        if (SessionCookies.TicketOf(http.User) is { } ticket)
        {
            sessions.Destroy(ticket.SessionId);
        }

        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<MeResponse>> Me(IClusterClient cluster, HttpContext http)
    {
        var id = SessionCookies.PractitionerOf(http.User)!.Value;
        var account = cluster.GetGrain<IPractitionerGrain>(id);
        var profile = (await account.GetProfile(HttpCaller.From(http)))!;
        var standing = await account.GetStanding();
        return TypedResults.Ok(new MeResponse(PractitionerResponse.From(profile), standing.Status, standing.IsOperator, standing.AcceptedTermsVersion));
    }

    private static async Task<NoContent> AcceptTerms(AcceptTermsRequest request, IClusterClient cluster, HttpContext http)
    {
        var id = SessionCookies.PractitionerOf(http.User)!.Value;
        await cluster.GetGrain<IPractitionerGrain>(id).AcceptTerms(request.Version, HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    private static async Task<Ok<TotpEnrollment>> BeginTotp(IClusterClient cluster, HttpContext http)
    {
        var id = SessionCookies.PractitionerOf(http.User)!.Value;
        return TypedResults.Ok(await cluster.GetGrain<IPractitionerGrain>(id).BeginTotpEnrollment(HttpCaller.From(http)));
    }

    private static async Task<NoContent> ConfirmTotp(CodeRequest request, IClusterClient cluster, HttpContext http)
    {
        var id = SessionCookies.PractitionerOf(http.User)!.Value;
        await cluster.GetGrain<IPractitionerGrain>(id).ConfirmTotp(request.Code ?? "", HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<RememberedDevice>>> Devices(IClusterClient cluster, HttpContext http)
    {
        var id = SessionCookies.PractitionerOf(http.User)!.Value;
        return TypedResults.Ok(await cluster.GetGrain<IPractitionerGrain>(id).GetDevices(HttpCaller.From(http)));
    }

    private static async Task<NoContent> RevokeDevice(Guid id, IClusterClient cluster, HttpContext http)
    {
        var practitioner = SessionCookies.PractitionerOf(http.User)!.Value;
        await cluster.GetGrain<IPractitionerGrain>(practitioner).RevokeDevice(id, HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    private static async Task SignInAsync(HttpContext http, SessionKeyStore sessions, TimeProvider clock, Guid practitioner, UserKeyPair keys)
    {
        var ticket = sessions.Open(practitioner, keys, CollabAuthentication.AbsoluteTimeout);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, SessionCookies.Principal(practitioner, ticket, clock.GetUtcNow()));
    }

    private static DomainException WrongCredentials() => new(DomainErrorCode.Unauthenticated, "Wrong email or password.");

    // A key wrapped under a random password, to spend the same work on when the email is unknown.
    private static readonly Lazy<(byte[] Wrapped, byte[] PublicKey)> Decoy = new(() =>
    {
        using var keys = UserKeyPair.Generate();
        return (UserKeyWrapping.WrapWithPassword(keys, Guid.NewGuid().ToString(), PasswordKdf.Default), keys.PublicKey);
    });
}
