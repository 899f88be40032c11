using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Portal.Pages.Provider;

/// <summary>The end of adding a listing: it is with the curators, not yet public.</summary>
[Authorize(Policy = Roles.Provider)]
public sealed class NewSentModel : PortalPage
{
    [BindProperty(SupportsGet = true)] public string? Name { get; set; }
}
