using DirectoryService.Search;

namespace Directory.Tests.Search;

public sealed class WordFormsTests
{
    [Theory]
    [InlineData("misses", "missed")]
    [InlineData("feelings", "feeling")]
    [InlineData("outdoors", "outdoor")]
    public void Forms_of_one_word_are_the_same(string word, string other) => Assert.True(WordForms.Same(word, other));

    [Theory]
    [InlineData("doing", "going")]
    [InlineData("college", "collage")]
    [InlineData("clean", "clear")]
    [InlineData("user", "used")]
    [InlineData("horse", "house")]
    public void Words_one_letter_apart_are_not(string word, string other) => Assert.False(WordForms.Same(word, other));
}
