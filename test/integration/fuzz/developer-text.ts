// The developer-text detector lives in @lianxu/testing, shared with the API tests that check
// their own messages; kept here for the fuzz crawl's import.
export { developerTextIn } from '@lianxu/testing';
