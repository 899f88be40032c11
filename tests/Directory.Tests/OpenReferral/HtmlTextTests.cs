using DirectoryService.Features.OpenReferral;

namespace Directory.Tests.OpenReferral;

public sealed class HtmlTextTests
{
    [Fact]
    public void A_publishers_html_becomes_the_words_a_browser_shows_with_paragraphs_and_list_items_kept()
    {
        const string html = "<h1>About Us</h1>\n\n<p>We work with young&nbsp;people in\nBristol &amp; the South West.</p>" +
                            "<ul><li>Advice</li><li>Housing <strong>support</strong></li></ul><p>Call us<br>any day.</p>";

        Assert.Equal("About Us\n\nWe work with young people in Bristol & the South West.\n\n- Advice\n- Housing support\n\nCall us\nany day.",
            HtmlText.Plain(html));
    }

    [Theory]
    [InlineData("A walking group for over 60s.\n\nMeet at the library.")]
    [InlineData("Fish & chips, then a quiz: 3 < 4 and <3 from us")]
    [InlineData("")]
    public void Text_without_markup_is_left_exactly_as_it_came(string text) => Assert.Equal(text, HtmlText.Plain(text));

    [Fact]
    public void Scripts_and_styles_are_not_words() =>
        Assert.Equal("Lunch club", HtmlText.Plain("<p>Lunch club</p><script>alert(1)</script><style>p{}</style>"));
}
