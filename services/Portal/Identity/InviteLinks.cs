using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Portal.Identity;

public static class InviteLinks
{
    /// <summary>The absolute link an invite's mail carries (the accept page, with the token in its path).</summary>
    public static string To(PageModel page, string token) =>
        page.Url.Page("/Invites/Accept", pageHandler: null, values: new { token }, protocol: page.Request.Scheme)
        ?? throw new InvalidOperationException("The invite page has no route.");
}
