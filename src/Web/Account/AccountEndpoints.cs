using Collab.Contracts.Practitioners;
using Collab.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Collab.Web.Account;

/// <summary>
/// <c>/account</c>: registration, the two steps of a login, logout, password change and reset, and
/// the account holder's own settings. Thin over <see cref="AccountService"/>, which the pages share.
/// </summary>
public static class AccountEndpoints
{
    public static RouteGroupBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/account").WithTags("Account");
        var credentials = RateLimitOptions.Credentials;
        group.MapPost("/register", Register).RequireRateLimiting(RateLimitOptions.Registration).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/login", Login).RequireRateLimiting(credentials).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/login/code", SendCode).RequireRateLimiting(credentials).ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/login/passkey", PasskeyLoginOptions).RequireRateLimiting(credentials).ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPost("/login/verify", Verify).RequireRateLimiting(credentials).ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPost("/logout", Logout);
        group.MapPost("/password", ChangePassword).RequireAuthorization().RequireRateLimiting(credentials).ProducesValidationProblem();
        group.MapPost("/recover", Recover).RequireRateLimiting(credentials).ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/me", Me).RequireAuthorization();
        group.MapPost("/terms", AcceptTerms).RequireAuthorization();
        group.MapGet("/profile", Profile).RequireAuthorization();
        group.MapPut("/profile", UpdateProfile).RequireAuthorization().ProducesValidationProblem();
        group.MapPut("/red-list", SetRedList).RequireAuthorization();
        group.MapPut("/identity-document", AttachIdentityDocument).RequireAuthorization()
            .Accepts<byte[]>("application/pdf", "image/png", "image/jpeg").ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/email", ChangeEmail).RequireAuthorization().AddEndpointFilter(RecentAuthentication).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/email/code", SendEmailProof).RequireAuthorization().ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/email/confirm", ConfirmEmail).RequireRateLimiting(credentials).ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPut("/notifications/sms", SetSmsNotifications).RequireAuthorization();
        group.MapPost("/reauthenticate", Reauthenticate).RequireAuthorization().RequireRateLimiting(credentials).ProducesValidationProblem();
        group.MapPost("/totp", BeginTotp).RequireAuthorization().AddEndpointFilter(RecentAuthentication);
        group.MapPost("/totp/confirm", ConfirmTotp).RequireAuthorization().AddEndpointFilter(RecentAuthentication);
        group.MapGet("/sessions", Sessions).RequireAuthorization();
        group.MapDelete("/sessions", LogOutEverywhere).RequireAuthorization();
        group.MapGet("/passkeys", Passkeys).RequireAuthorization();
        group.MapPost("/passkeys/options", BeginPasskey).RequireAuthorization().AddEndpointFilter(RecentAuthentication);
        group.MapPost("/passkeys", AddPasskey).RequireAuthorization().AddEndpointFilter(RecentAuthentication).ProducesValidationProblem();
        group.MapDelete("/passkeys/{id:guid}", RemovePasskey).RequireAuthorization().AddEndpointFilter(RecentAuthentication);
        group.MapGet("/devices", Devices).RequireAuthorization();
        group.MapDelete("/devices/{id:guid}", RevokeDevice).RequireAuthorization().AddEndpointFilter(RecentAuthentication);
        group.MapDelete("/", DeleteAccount).RequireAuthorization().AddEndpointFilter(RecentAuthentication).ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<Created<RegisteredResponse>> Register(RegisterRequest request, HttpContext http, AccountService account)
    {
        var registered = await account.RegisterAsync(request, http);
        return TypedResults.Created($"/api/v1/practitioners/{registered.Practitioner.Id}", registered);
    }

    private static async Task<Ok<LoginStepResponse>> Login(LoginRequest request, HttpContext http, AccountService account) =>
        TypedResults.Ok(await account.LoginAsync(request, http));

    private static async Task<NoContent> SendCode(SendCodeRequest request, HttpContext http, AccountService account)
    {
        await account.SendCodeAsync(request.Channel, http);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<LoginStepResponse>> Verify(VerifyRequest request, HttpContext http, AccountService account) =>
        TypedResults.Ok(await account.VerifyAsync(request, http));

    private static async Task<NoContent> Logout(HttpContext http, AccountService account)
    {
        await account.LogoutAsync(http);
        return TypedResults.NoContent();
    }

    /// <summary>The holder deletes their account (after a recent re-authentication); the session ends with it.</summary>
    private static async Task<Ok<AccountDeletion>> DeleteAccount(HttpContext http, AccountService account) =>
        TypedResults.Ok(await account.DeleteAccountAsync(http));

    // Second-factor settings and devices: a password proved in the last minutes, else 401 with code ReauthenticationRequired.
    private static async ValueTask<object?> RecentAuthentication(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.RequestServices.GetRequiredService<AccountService>().RecentlyAuthenticated(context.HttpContext)
            ? await next(context)
            : TypedResults.Problem(
                title: "Enter your password again to change security settings.", statusCode: StatusCodes.Status401Unauthorized,
                extensions: new Dictionary<string, object?> { ["code"] = "ReauthenticationRequired" });

    private static async Task<NoContent> Reauthenticate(ReauthenticateRequest request, HttpContext http, AccountService account)
    {
        await account.ReauthenticateAsync(request.Password, http);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> ChangePassword(ChangePasswordRequest request, HttpContext http, AccountService account)
    {
        await account.ChangePasswordAsync(request, http);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<RecoveredResponse>> Recover(RecoverRequest request, HttpContext http, AccountService account) =>
        TypedResults.Ok(await account.RecoverAsync(request, http));

    private static async Task<Ok<MeResponse>> Me(HttpContext http, AccountService account) =>
        TypedResults.Ok(await account.MeAsync(http));

    private static async Task<Ok<ProfileResponse>> Profile(HttpContext http, AccountService account) =>
        TypedResults.Ok(await account.OwnProfileAsync(HttpCaller.From(http)));

    private static async Task<Ok<ProfileResponse>> UpdateProfile(ProfileRequest request, HttpContext http, AccountService account) =>
        TypedResults.Ok(await account.UpdateProfileAsync(request, HttpCaller.From(http)));

    /// <summary>A new address for the account: it changes once the code sent there comes back to /account/email/confirm.</summary>
    private static async Task<Accepted> ChangeEmail(EmailRequest request, HttpContext http, AccountService account)
    {
        await account.BeginEmailChangeAsync(request.Email, HttpCaller.From(http));
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<NoContent> SendEmailProof(HttpContext http, AccountService account)
    {
        await account.SendEmailProofAsync(HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    /// <summary>The code sent to an address: the logged-in holder's, or (nobody logged in) the one registered with the email given.</summary>
    private static async Task<NoContent> ConfirmEmail(EmailRequest request, HttpContext http, AccountService account)
    {
        await account.ConfirmEmailAsync(request.Email, request.Code, http);
        return TypedResults.NoContent();
    }

    /// <summary>On: out of directory search, but still found by those already in contact with the holder.</summary>
    /// <summary>
    /// The pending account's proof of identity, as the request body (a PDF, PNG or JPEG of at most 10 MB, known by its
    /// first bytes): encrypted for the structure's administrators and the operators; replaces one sent before.
    /// </summary>
    private static async Task<NoContent> AttachIdentityDocument(HttpContext http, Practitioners.IdentityDocuments documents)
    {
        var body = await Practitioners.IdentityDocuments.ReadAsync(http.Request.Body, http.RequestAborted);
        await documents.AttachAsync(SessionCookies.PractitionerOf(http.User)!.Value, body, body.Length, HttpCaller.From(http), http.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> SetRedList(ChoiceRequest request, HttpContext http, AccountService account)
    {
        await account.SetRedListedAsync(request.Enabled, HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    /// <summary>Whether notices also go by SMS to the account's phone.</summary>
    private static async Task<NoContent> SetSmsNotifications(ChoiceRequest request, HttpContext http, AccountService account)
    {
        await account.SetSmsNotificationsAsync(request.Enabled, HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> AcceptTerms(AcceptTermsRequest request, HttpContext http, AccountService account)
    {
        await account.AcceptTermsAsync(request.Version, HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    private static async Task<Ok<TotpEnrollment>> BeginTotp(HttpContext http, AccountService account) =>
        TypedResults.Ok(await account.BeginTotpAsync(HttpCaller.From(http)));

    private static async Task<NoContent> ConfirmTotp(CodeRequest request, HttpContext http, AccountService account)
    {
        await account.ConfirmTotpAsync(request.Code, HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<SessionView>>> Sessions(HttpContext http, AccountService account) => TypedResults.Ok(await account.SessionsAsync(http));

    /// <summary>Ends every session of the account, on every node, this one included.</summary>
    private static async Task<NoContent> LogOutEverywhere(HttpContext http, AccountService account)
    {
        await account.LogOutEverywhereAsync(http);
        return TypedResults.NoContent();
    }

    /// <summary>After the password step: WebAuthn request options (JSON) for <c>navigator.credentials.get</c>; the answer goes to /account/login/verify with factor Passkey.</summary>
    private static async Task<IResult> PasskeyLoginOptions(HttpContext http, AccountService account) =>
        Results.Content(await account.BeginPasskeyLoginAsync(http), "application/json");

    private static async Task<Ok<IReadOnlyList<Passkey>>> Passkeys(HttpContext http, AccountService account) =>
        TypedResults.Ok(await account.PasskeysAsync(HttpCaller.From(http)));

    /// <summary>WebAuthn creation options (JSON) for <c>navigator.credentials.create</c>; the answer goes to POST /account/passkeys.</summary>
    private static async Task<IResult> BeginPasskey(HttpContext http, AccountService account) =>
        Results.Content(await account.BeginPasskeyRegistrationAsync(HttpCaller.From(http)), "application/json");

    private static async Task<Created<Passkey>> AddPasskey(PasskeyRequest request, HttpContext http, AccountService account)
    {
        var passkey = await account.CompletePasskeyRegistrationAsync(request, HttpCaller.From(http));
        return TypedResults.Created($"/account/passkeys/{passkey.Id}", passkey);
    }

    private static async Task<NoContent> RemovePasskey(Guid id, HttpContext http, AccountService account)
    {
        await account.RemovePasskeyAsync(id, HttpCaller.From(http));
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<RememberedDevice>>> Devices(HttpContext http, AccountService account) =>
        TypedResults.Ok(await account.DevicesAsync(HttpCaller.From(http)));

    private static async Task<NoContent> RevokeDevice(Guid id, HttpContext http, AccountService account)
    {
        await account.RevokeDeviceAsync(id, HttpCaller.From(http));
        return TypedResults.NoContent();
    }
}
