// type-graphql's decorators read design-time types through the metadata API; the platform's
// entry points load the polyfill first, and every test file gets it the same way, whatever
// module it imports first.
import 'reflect-metadata';
