using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Portal.Pages.Curator;

/// <summary>The curators' old analytics address: the insight dashboard (/insights) is where it went.</summary>
[Authorize(Policy = Roles.Curator)]
public sealed class AnalyticsModel : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Insights/Index");
}
