using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Web.Access;
using Collab.Web.Account;
using Microsoft.Extensions.Options;

namespace Collab.Web.Consultations;

/// <summary>
/// <c>/api/v1/patients</c>: patients' rights exercised through their practitioner; and <c>/api/v1/me/export</c>, a user's own data. The lookup travels
/// in the POST body, never in a URL (URLs end up in access logs).
/// </summary>
public static class PatientsApi
{
    public static RouteGroupBuilder MapPatientsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/me/export", ExportAccount).WithTags("Account");
        var group = api.MapGroup("/patients").WithTags("Patients");
        group.MapPost("/export", Export).ProducesValidationProblem();
        group.MapPost("/rectification", Rectify).ProducesValidationProblem();
        group.MapPost("/opposition", Oppose).ProducesValidationProblem();
        group.MapPost("/erasure", Erase).ProducesValidationProblem();
        return group;
    }

    /// <summary>The export as a download from the patients' rights page (a form post with its antiforgery token).</summary>
    public static IEndpointRouteBuilder MapPatientExportDownload(this IEndpointRouteBuilder app)
    {
        app.MapPost("/patients/export.json", (
            [Microsoft.AspNetCore.Mvc.FromForm(Name = "Form.LastName")] string? lastName,
            [Microsoft.AspNetCore.Mvc.FromForm(Name = "Form.FirstName")] string? firstName,
            [Microsoft.AspNetCore.Mvc.FromForm(Name = "Form.BirthDate")] string? birthDate,
            [Microsoft.AspNetCore.Mvc.FromForm(Name = "Form.Nir")] string? nir,
            HttpContext http, ConsultationClients clients, PatientRights rights, TimeProvider clock, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) =>
            Export(new PatientLookup(lastName, firstName, DateOnly.TryParse(birthDate, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null, string.IsNullOrWhiteSpace(nir) ? null : nir),
                http, clients, rights, clock, json))
            .RequireActiveAccount();
        return app;
    }

    private static async Task<IResult> Export(
        PatientLookup lookup, HttpContext http, ConsultationClients clients, PatientRights rights, TimeProvider clock,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var document = await rights.ExportAsync(clients.For(http), lookup, clock.GetUtcNow(), http.RequestAborted);
        Downloads.Attachment(http.Response, $"patient-export-{clock.GetUtcNow():yyyyMMdd-HHmm}.json");
        return Results.Json(document, json.Value.SerializerOptions);
    }

    private static async Task<IResult> ExportAccount(
        HttpContext http, ConsultationClients clients, PatientRights rights, TimeProvider clock, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var document = await rights.ExportAccountAsync(clients.For(http), clock.GetUtcNow(), http.RequestAborted);
        Downloads.Attachment(http.Response, $"collab-my-data-{clock.GetUtcNow():yyyyMMdd-HHmm}.json");
        return Results.Json(document, json.Value.SerializerOptions);
    }

    private static async Task<PatientRightsResult> Rectify(RectificationRequest request, HttpContext http, ConsultationClients clients, PatientRights rights)
    {
        if (PatientRequest.Problems(request.Patient, "patient").ToList() is { Count: > 0 } problems)
        {
            throw DomainException.Invalid(problems);
        }

        return new(await rights.RectifyAsync(clients.For(http), request.Lookup ?? Empty, request.Patient!.ToIdentity()));
    }

    private static async Task<PatientRightsResult> Oppose(OppositionRequest request, HttpContext http, ConsultationClients clients, PatientRights rights) =>
        new(await rights.OpposeAsync(clients.For(http), request.Lookup ?? Empty, request.Opposes, request.Reason));

    private static async Task<IReadOnlyList<ErasureOutcome>> Erase(ErasureRequest request, HttpContext http, ConsultationClients clients, PatientRights rights) =>
        await rights.EraseAsync(clients.For(http), request.Lookup ?? Empty);

    private static readonly PatientLookup Empty = new(null, null, null, null);
}
