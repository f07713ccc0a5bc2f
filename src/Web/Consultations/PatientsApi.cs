using Microsoft.Extensions.Options;

namespace Collab.Web.Consultations;

/// <summary>
/// <c>/api/v1/patients</c>: patients' rights exercised through their practitioner. The lookup travels
/// in the POST body, never in a URL (URLs end up in access logs).
/// </summary>
public static class PatientsApi
{
    public static RouteGroupBuilder MapPatientsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/patients").WithTags("Patients");
        group.MapPost("/export", Export).ProducesValidationProblem();
        return group;
    }

    private static async Task<IResult> Export(
        PatientLookup lookup, HttpContext http, ConsultationClients clients, PatientExport export, TimeProvider clock,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var document = await export.ExportAsync(clients.For(http), lookup, clock.GetUtcNow(), http.RequestAborted);
        http.Response.Headers.CacheControl = "private, no-store";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"patient-export-{clock.GetUtcNow():yyyyMMdd-HHmm}.json\"";
        return Results.Json(document, json.Value.SerializerOptions);
    }
}
