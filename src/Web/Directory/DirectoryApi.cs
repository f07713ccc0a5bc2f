using Collab.Contracts.Directory;
using Collab.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Collab.Web.Directory;

/// <summary><c>/api/v1/directory</c>: search practitioners and groups.</summary>
public static class DirectoryApi
{
    public static RouteGroupBuilder MapDirectoryApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/directory").WithTags("Directory");
        group.MapGet("/", Search).WithName("SearchDirectory");
        return group;
    }

    private static async Task<Ok<DirectoryPage>> Search(
        DirectoryService directory, HttpContext http, string? text = null, DirectoryKind? kind = null, string? profession = null,
        string? specialty = null, Guid? structure = null, string? city = null, int page = 1, int pageSize = 20) =>
        TypedResults.Ok(await directory.SearchAsync(new DirectoryQuery(text, kind, profession, specialty, structure, city, page, pageSize), HttpCaller.From(http)));
}
